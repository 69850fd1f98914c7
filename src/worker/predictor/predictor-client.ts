import * as Comlink from 'comlink';
import { CodedError } from '../../shared/errors';
import type { PredictorApi, PredictorInitOptions, PredictorReport } from './predictor-api';

/** The stylizer worker's handle on the predictor worker it starts. */
export interface PredictorClient {
  init(options: PredictorInitOptions, onProgress: (fraction: number) => void): Promise<PredictorReport>;
  warmUp(): Promise<void>;
  /** Transfers `image`. Rejects with a `{ code, message }` (the predictor's, or its worker's crash). */
  predict(image: ImageBitmap): Promise<Float32Array>;
  destroy(): Promise<void>;
}

export function createPredictorClient(): PredictorClient {
  const worker = new Worker(new URL('./predictor.worker.ts', import.meta.url), { type: 'module', name: 'style-predictor' });
  const api = Comlink.wrap<PredictorApi>(worker);
  // A crash of the predictor's worker fails what waits on it instead of leaving it hanging.
  const crashed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      reject(new CodedError('style-failed', `The style predictor stopped: ${event.message || 'its script could not be loaded'}`));
    });
  });
  crashed.catch(() => {});
  let destroyed = false;
  return {
    init: (options, onProgress) => Promise.race([crashed, api.init(options, Comlink.proxy(onProgress))]),
    warmUp: () => Promise.race([crashed, api.warmUp()]),
    predict: (image) => Promise.race([crashed, api.predict(Comlink.transfer(image, [image]))]),
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      await Promise.race([api.dispose(), new Promise((resolve) => setTimeout(resolve, 500))]).catch(() => {});
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
