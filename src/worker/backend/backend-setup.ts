import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { CodedError, describeError } from '../../shared/errors';
import type { BackendName, BackendReport } from '../../shared/protocol';
import { classifyAdapter, planBackends, type AdapterKind } from './backend-ranking';
import { WASM_BINARIES } from './wasm-binaries';
import { withAllCores } from './wasm-threads';

setWasmPaths(WASM_BINARIES);

class BackendUnavailableError extends CodedError {
  constructor(message: string) {
    super('backend-unavailable', message);
    this.name = 'BackendUnavailableError';
  }
}

async function probeWebGpu(): Promise<{ kind: AdapterKind; description?: string; shaderF16?: boolean }> {
  if (!('gpu' in navigator) || !navigator.gpu) return { kind: 'none' };
  try {
    const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { kind: 'none' };
    const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
    const description = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unknown';
    return { kind: classifyAdapter(info), description, shaderF16: adapter.features.has('shader-f16') };
  } catch {
    return { kind: 'none' };
  }
}

/** A backend whose start hangs (a stuck GPU driver, a WASM thread that never starts) is given up on. */
const BACKEND_START_TIMEOUT_MS = 30_000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not start within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Starts `name`; returns why it failed, or the WASM thread count (null elsewhere) when it started. */
async function trySetBackend(name: BackendName, wasmThreads?: number): Promise<{ failure: string } | { threads: number | null }> {
  try {
    const set = () => withTimeout(tf.setBackend(name), BACKEND_START_TIMEOUT_MS, name);
    const { result: started, threads } = name === 'wasm' ? await withAllCores(set, wasmThreads) : { result: await set(), threads: null };
    if (started) {
      await tf.ready();
      return { threads: name === 'wasm' ? threads : null };
    }
    return { failure: `${name} could not start` };
  } catch (error) {
    return { failure: `${name} failed: ${describeError(error)}` };
  }
}

/** Starts the best backend this browser offers, or the forced one, and says which and why. */
/** What starting a backend tells; the engine on top of it is chosen afterwards. */
export type BackendStart = Omit<BackendReport, 'engine' | 'engineChoice' | 'network' | 'networkReason' | 'outputPasses'>;

export async function startBackend(forced?: BackendName, wasmThreads?: number): Promise<BackendStart> {
  const webgpu = await probeWebGpu();
  const plan = planBackends({ webgpu: webgpu.kind, crossOriginIsolated: self.crossOriginIsolated }, forced);
  const failures: string[] = [];
  for (const name of plan.order) {
    const outcome = await trySetBackend(name, wasmThreads);
    if ('threads' in outcome) {
      const first = failures.length === 0;
      return {
        name,
        threads: outcome.threads,
        forced: forced !== undefined,
        fallbackReason: first ? plan.reason : [plan.reason, ...failures].filter(Boolean).join(' '),
        ...(webgpu.description ? { adapter: webgpu.description, shaderF16: webgpu.shaderF16 ?? false } : {}),
      };
    }
    failures.push(outcome.failure + '.');
  }
  throw new BackendUnavailableError(
    forced ? `The ${forced} backend is not available in this browser: ${failures.join(' ')}` : `No backend could start: ${failures.join(' ')}`,
  );
}
