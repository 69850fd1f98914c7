import * as Comlink from 'comlink';
import { CodedError } from '../../shared/errors';
import { startWorker } from '../../shared/worker-handle';
import type {
  RefineProgress,
  RefineRequest,
  RefineResult,
  StillFormat,
  StillProgress,
  StillRequest,
  StillResult,
  StillsApi,
  StillsInitOptions,
} from '../../shared/stills-protocol';

/** The page's handle on the stills worker: started on the first photo, ended with `destroy`. */
export interface StillsClient {
  stylize(photo: ImageBitmap, request: StillRequest, onProgress: (progress: StillProgress) => void): Promise<StillResult>;
  /** Transfers `request.stylePicture`. */
  refine(request: RefineRequest, onProgress: (progress: RefineProgress) => void): Promise<RefineResult>;
  cancel(): Promise<void>;
  encode(format: StillFormat): Promise<Blob>;
  destroy(): Promise<void>;
}

/** Starts the worker and loads its transformer; a crash of the worker fails whatever waits on it. */
export async function createStillsClient(options: StillsInitOptions): Promise<StillsClient> {
  const worker = startWorker<StillsApi>(
    new Worker(new URL('../../worker/stills/stills.worker.ts', import.meta.url), { type: 'module', name: 'stills' }),
    (detail) => new CodedError('internal', `The photo stylizer stopped: ${detail}`),
  );
  const { api, guarded } = worker;
  try {
    await guarded(api.init(options));
  } catch (error) {
    await worker.destroy();
    throw error;
  }
  return {
    stylize: (photo, request, onProgress) => guarded(api.stylize(Comlink.transfer(photo, [photo]), request, Comlink.proxy(onProgress))),
    refine: (request, onProgress) =>
      guarded(api.refine(request.stylePicture ? Comlink.transfer(request, [request.stylePicture]) : request, Comlink.proxy(onProgress))),
    cancel: () => guarded(api.cancel()),
    encode: (format) => guarded(api.encode(format)),
    destroy: () => worker.destroy(),
  };
}
