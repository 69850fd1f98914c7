import * as Comlink from 'comlink';
import { CodedError } from '../../shared/errors';
import type { RenderApi, RenderInitOptions, RenderProgress, RenderRequest, RenderResult, VideoFacts } from '../../shared/render-protocol';
import { startWorker } from '../../shared/worker-handle';

/** The page's handle on the render worker: started on the first video, ended with `destroy`. */
export interface RenderClient {
  readonly network: string;
  inspect(file: Blob, name: string): Promise<VideoFacts>;
  render(request: RenderRequest, onProgress: (progress: RenderProgress) => void, predict: (picture: ImageBitmap) => Promise<Float32Array>): Promise<RenderResult>;
  cancel(): Promise<void>;
  destroy(): Promise<void>;
}

/** Starts the worker and loads its network; a crash of the worker fails whatever waits on it. */
export async function createRenderClient(options: RenderInitOptions): Promise<RenderClient> {
  const worker = startWorker<RenderApi>(
    new Worker(new URL('../../worker/render/render.worker.ts', import.meta.url), { type: 'module', name: 'render' }),
    (detail) => new CodedError('internal', `The video renderer stopped: ${detail}`),
  );
  const { api, guarded } = worker;
  let network: string;
  try {
    network = (await guarded(api.init(options))).network;
  } catch (error) {
    await worker.destroy();
    throw error;
  }
  return {
    network,
    inspect: (file, name) => guarded(api.inspect(file, name)),
    render: (request, onProgress, predict) => guarded(api.render(request, Comlink.proxy(onProgress), Comlink.proxy(predict))),
    cancel: () => guarded(api.cancel()),
    destroy: () => worker.destroy(),
  };
}
