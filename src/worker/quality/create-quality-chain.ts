import { PixelQualityChain } from './pixel-quality-chain';
import { QualityChain, type QualitySettings } from './quality-chain';
import type { RegionMask } from './region-mask';

/**
 * The chain for a backend: on WebAssembly and CPU the tensors already live in the worker's memory,
 * so the output-size stages run as one pass each over the pixels; GPU backends keep every stage on
 * the device.
 */
export function createQualityChain(backendName: string, settings: () => QualitySettings, regions: RegionMask | null = null): QualityChain {
  return backendName === 'wasm' || backendName === 'cpu' ? new PixelQualityChain(settings, regions) : new QualityChain(settings, regions);
}
