import * as Comlink from 'comlink';

/** How long a worker gets to free its frames and tensors before it is terminated anyway. */
const DISPOSE_TIMEOUT_MS = 1000;

/** A started worker behind its typed Comlink proxy, and its lifetime. */
interface WorkerHandle<Api> {
  readonly api: Comlink.Remote<Api>;
  /** Rejects if the worker's script fails (cannot load, or throws outside any call). */
  readonly crashed: Promise<never>;
  /** `call`, or the crash if the worker dies first: nothing waits for a dead worker. */
  readonly guarded: <T>(call: Promise<T>) => Promise<T>;
  readonly destroyed: boolean;
  /**
   * Lets the worker free what it holds (`dispose`, `DISPOSE_TIMEOUT_MS` at most: a crashed or hung
   * worker cannot), then terminates it. Later calls do nothing.
   */
  destroy(): Promise<void>;
}

/**
 * The one way the page and the stylizer start a worker: `worker` is created by the caller (bundlers
 * only see `new Worker(new URL(...))` where it is written), `crashError` words its failure.
 */
export function startWorker<Api extends { dispose(): Promise<void> }>(worker: Worker, crashError: (detail: string) => Error): WorkerHandle<Api> {
  const api = Comlink.wrap<Api>(worker);
  const crashed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      reject(crashError(event.message || 'its script could not be loaded'));
    });
  });
  crashed.catch(() => {});
  let destroyed = false;
  return {
    api,
    crashed,
    guarded: <T>(call: Promise<T>) => Promise.race([crashed, call]),
    get destroyed() {
      return destroyed;
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      const timeout = new Promise((resolve) => setTimeout(resolve, DISPOSE_TIMEOUT_MS));
      await Promise.race([(api.dispose as () => Promise<void>)(), crashed, timeout]).catch(() => {});
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
