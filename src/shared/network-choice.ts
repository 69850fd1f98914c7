import type { BackendName, NetworkName, NetworkPreference } from './protocol';

export interface NetworkChoice {
  network: NetworkName;
  /** One sentence for the status line and the docs: why this network. */
  reason: string;
}

/**
 * The network for a preference on a backend. Automatic: the full network on GPU backends, which run
 * it at the 30 fps target at 256 px and more; the fast one on WebAssembly and the plain CPU backend,
 * where the full network's own time is already past the frame budget (on 2 cores: 9.5 fps bare at
 * 340×256, 6-8 fps in the app, docs/benchmarks.md) and the fast one holds 15 fps and more.
 */
export function chooseNetwork(preference: NetworkPreference, backend: BackendName): NetworkChoice {
  if (preference === 'full') return { network: 'full', reason: 'Full quality, as chosen.' };
  if (preference === 'fast') return { network: 'fast', reason: 'Fast, as chosen.' };
  if (backend === 'webgpu' || backend === 'webgl') return { network: 'full', reason: 'Full quality: the GPU runs it at the target frame rate.' };
  return { network: 'fast', reason: 'Fast: on the CPU the full network cannot hold a real-time frame rate.' };
}
