import * as Comlink from 'comlink';
import type { CameraFrame, StylizerApi } from '../../shared/protocol';

/** How long a worker gets to free its frames and tensors before it is terminated anyway. */
const DISPOSE_TIMEOUT_MS = 1000;

/** The UI's handle on the worker: the typed Comlink proxy plus the worker's lifetime. */
export interface StylizerClient {
  readonly api: Comlink.Remote<StylizerApi>;
  /** Rejects if the worker script itself fails (cannot load, or throws outside any call). */
  readonly crashed: Promise<never>;
  /** Transfers the frame; after this call the caller must not touch it. Closed at once after `destroy`. */
  sendFrame(frame: CameraFrame): void;
  /**
   * Lets the worker close the frames it holds and free its tensors (1 s at most: a crashed or
   * hung worker cannot), then terminates it. Frames a terminated worker still held would only be
   * garbage collected, unclosed.
   */
  destroy(): Promise<void>;
}

export function createStylizerClient(): StylizerClient {
  const worker = new Worker(new URL('../../worker/stylizer.worker.ts', import.meta.url), { type: 'module', name: 'stylizer' });
  const api = Comlink.wrap<StylizerApi>(worker);
  const crashed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      reject(new Error(`The stylizer worker failed: ${event.message || 'its script could not be loaded'}`));
    });
  });
  crashed.catch(() => {});
  let destroyed = false;
  return {
    api,
    crashed,
    sendFrame(frame) {
      if (destroyed) {
        frame.close();
        return;
      }
      try {
        void api.pushFrame(Comlink.transfer(frame, [frame]));
      } catch {
        // Not transferred, so still ours to close.
        frame.close();
      }
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      const timeout = new Promise((resolve) => setTimeout(resolve, DISPOSE_TIMEOUT_MS));
      await Promise.race([api.dispose(), crashed, timeout]).catch(() => {});
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
