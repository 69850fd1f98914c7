import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';

/** tfjs-backend-wasm pre-creates 8 pthread workers: its pool can never be larger. */
const WASM_MAX_THREADS = 8;

/** Threads to ask for: every core the browser reports, when threads exist at all (cross-origin isolated). */
export function wasmThreadsWanted(hardwareConcurrency: number, crossOriginIsolated: boolean): number {
  if (!crossOriginIsolated) return 1;
  return Math.max(1, Math.min(WASM_MAX_THREADS, Math.floor(hardwareConcurrency) || 1));
}

/**
 * Runs `start` (the WASM backend's start) so that its thread pool gets every core.
 *
 * tfjs-backend-wasm 4.22 caps its pool at half the cores: its C++ reads
 * `emscripten_num_logical_cores() / 2` (that is navigator.hardwareConcurrency / 2) once while the
 * module starts, and clamps any `setThreadsCount` to it, so a 2-core machine runs one thread.
 * Measured with both cores: 1.36-1.51× faster, bit-identical output (../shared/models/README.md).
 * So while the module starts, this worker's navigator reports twice the cores, and
 * `setThreadsCount` asks for the real number. A later tfjs without the halving then caps at twice
 * the cores and still gets the real number asked for; one that ignored the override would fall back
 * to its default, which `getThreadsCount` reports (and a browser test checks).
 */
export async function withAllCores<T>(start: () => Promise<T>, requested?: number): Promise<{ result: T; threads: number }> {
  const cores = navigator.hardwareConcurrency;
  const wanted = wasmThreadsWanted(requested ?? cores, self.crossOriginIsolated);
  setThreadsCount(wanted);
  const override = wanted > 1;
  if (override) Object.defineProperty(navigator, 'hardwareConcurrency', { configurable: true, get: () => wanted * 2 });
  try {
    const result = await start();
    return { result, threads: getThreadsCount() };
  } finally {
    // The instance property goes; the prototype's real getter answers again.
    if (override) delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}
