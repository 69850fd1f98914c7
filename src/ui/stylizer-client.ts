import * as Comlink from 'comlink';
import type { CameraFrame, StylizerApi } from '../shared/protocol';

/** The UI's handle on the worker: the typed Comlink proxy plus the worker's lifetime. */
export interface StylizerClient {
  readonly api: Comlink.Remote<StylizerApi>;
  /** Rejects if the worker script itself fails (cannot load, or throws outside any call). */
  readonly crashed: Promise<never>;
  /** Transfers the frame; after this call the caller must not touch it. */
  sendFrame(frame: CameraFrame): void;
  destroy(): void;
}

export function createStylizerClient(): StylizerClient {
  const worker = new Worker(new URL('../worker/stylizer.worker.ts', import.meta.url), { type: 'module', name: 'stylizer' });
  const api = Comlink.wrap<StylizerApi>(worker);
  const crashed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      reject(new Error(`The stylizer worker failed: ${event.message || 'its script could not be loaded'}`));
    });
  });
  crashed.catch(() => {});
  return {
    api,
    crashed,
    sendFrame(frame) {
      try {
        void api.pushFrame(Comlink.transfer(frame, [frame]));
      } catch {
        // Not transferred, so still ours to close.
        frame.close();
      }
    },
    destroy() {
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
