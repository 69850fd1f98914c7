import * as Comlink from 'comlink';
import type { CameraFrame, StylizerApi } from '../../shared/protocol';
import { startWorker } from '../../shared/worker-handle';

/** The UI's handle on the worker: the typed Comlink proxy plus the worker's lifetime. */
export interface StylizerClient {
  readonly api: Comlink.Remote<StylizerApi>;
  /** Rejects if the worker script itself fails (cannot load, or throws outside any call). */
  readonly crashed: Promise<never>;
  /** Transfers the frame; after this call the caller must not touch it. Closed at once after `destroy`. */
  sendFrame(frame: CameraFrame): void;
  /** Sends a style picture to the worker's predictor (transferred), for the style library. */
  readonly predictStyle: (bitmap: ImageBitmap) => Promise<Float32Array>;
  /**
   * Lets the worker close the frames it holds and free its tensors (1 s at most: a crashed or
   * hung worker cannot), then terminates it. Frames a terminated worker still held would only be
   * garbage collected, unclosed.
   */
  destroy(): Promise<void>;
}

export function createStylizerClient(): StylizerClient {
  const worker = startWorker<StylizerApi>(
    new Worker(new URL('../../worker/stylizer.worker.ts', import.meta.url), { type: 'module', name: 'stylizer' }),
    (detail) => new Error(`The stylizer worker failed: ${detail}`),
  );
  const { api } = worker;
  return {
    api,
    crashed: worker.crashed,
    predictStyle: (bitmap) => api.predictStyle(Comlink.transfer(bitmap, [bitmap])),
    sendFrame(frame) {
      if (worker.destroyed) {
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
    destroy: () => worker.destroy(),
  };
}
