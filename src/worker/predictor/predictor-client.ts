import * as Comlink from 'comlink';
import { CodedError } from '../../shared/errors';
import { startWorker } from '../../shared/worker-handle';
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
  const worker = startWorker<PredictorApi>(
    new Worker(new URL('./predictor.worker.ts', import.meta.url), { type: 'module', name: 'style-predictor' }),
    // A crash of the predictor's worker fails what waits on it instead of leaving it hanging.
    (detail) => new CodedError('style-failed', `The style predictor stopped: ${detail}`),
  );
  const { api, guarded } = worker;
  return {
    init: (options, onProgress) => guarded(api.init(options, Comlink.proxy(onProgress))),
    warmUp: () => guarded(api.warmUp()),
    predict: (image) => guarded(api.predict(Comlink.transfer(image, [image]))),
    destroy: () => worker.destroy(),
  };
}
