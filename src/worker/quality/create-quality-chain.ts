import { loadOutputPasses } from './kernels/load-output-passes';
import { ScalarOutputPasses, type OutputPasses } from './output-passes';
import { PixelQualityChain } from './pixel-quality-chain';
import { QualityChain, type QualitySettings } from './quality-chain';
import type { RegionMask } from './region-mask';

/** On WebAssembly and CPU the tensors already live in the worker's memory. */
const pixelBackend = (backendName: string): boolean => backendName === 'wasm' || backendName === 'cpu';

/** What the chain for `backendName` needs loaded first: the output passes on CPU-side backends, else nothing. */
export async function loadChainPasses(backendName: string): Promise<OutputPasses | null> {
  return pixelBackend(backendName) ? loadOutputPasses() : null;
}

/**
 * The chain for a backend: on WebAssembly and CPU the output-size stages run as one pass each over
 * the pixels (`passes`, owned by the chain from here; the JS loops when not given); GPU backends
 * keep every stage on the device.
 */
export function createQualityChain(
  backendName: string,
  settings: () => QualitySettings,
  regions: RegionMask | null = null,
  passes: OutputPasses | null = null,
): QualityChain {
  if (!pixelBackend(backendName)) {
    passes?.dispose();
    return new QualityChain(settings, regions);
  }
  return new PixelQualityChain(settings, regions, passes ?? new ScalarOutputPasses());
}
