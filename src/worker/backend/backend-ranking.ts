import type { BackendName } from '../../shared/protocol';

export type AdapterKind = 'hardware' | 'software' | 'none';

interface Capabilities {
  /** What `navigator.gpu.requestAdapter()` gave. */
  webgpu: AdapterKind;
  /** Cross-origin isolation, which WASM threads need. */
  crossOriginIsolated: boolean;
}

interface BackendPlan {
  /** Backends to try, best first. */
  order: BackendName[];
  /** Why the first entry is not WebGPU, for the person using the app; empty when it is. */
  reason: string;
}

const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render/i;

/** A software adapter runs the transformer 35-120x slower than WASM on the same CPU. */
export function classifyAdapter(info: { isFallbackAdapter?: boolean; description?: string; vendor?: string; architecture?: string; device?: string } | null): AdapterKind {
  if (info === null) return 'none';
  if (info.isFallbackAdapter) return 'software';
  const text = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
  return SOFTWARE_ADAPTER.test(text) ? 'software' : 'hardware';
}

/**
 * The order in which backends are tried. WebGPU on real hardware is fastest; without it WASM
 * (SIMD, plus threads when isolated) beats WebGL and WebGPU on software rasterisers by far;
 * WebGL still beats the plain-JS CPU backend.
 */
export function planBackends(caps: Capabilities, forced?: BackendName): BackendPlan {
  if (forced) return { order: [forced], reason: '' };
  const wasmNote = caps.crossOriginIsolated ? '' : ' (single-threaded: the page is not cross-origin isolated)';
  switch (caps.webgpu) {
    case 'hardware':
      return { order: ['webgpu', 'wasm', 'webgl', 'cpu'], reason: '' };
    case 'software':
      return {
        order: ['wasm', 'webgl', 'webgpu', 'cpu'],
        reason: `WebGPU only has a software adapter here, so WebAssembly on the CPU is used${wasmNote}.`,
      };
    case 'none':
      return {
        order: ['wasm', 'webgl', 'cpu'],
        reason: `WebGPU is not available in this browser, so WebAssembly on the CPU is used${wasmNote}.`,
      };
  }
}
