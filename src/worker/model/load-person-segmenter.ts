import { describeError } from '../../shared/errors';
import type { EngineName } from '../../shared/protocol';
import { loadLiteRtRuntime } from '../backend/litert-runtime';
import { createLiteRtPersonSegmenter } from './litert/litert-person-segmenter';
import { ModelLoadError } from './model-loading';
import { createPersonSegmenter, segmenterUrl, type AheadPersonSegmenter, type PersonSegmenter } from './person-segmenter';

/**
 * The person segmenter for a session: on LiteRT where the transformer runs there (the runtime is
 * loaded already, and its frames take the asynchronous path that computes the mask ahead), else the
 * tfjs graph on the worker's backend (on a GPU the mask stays on the device). A LiteRT segmenter that
 * cannot be written or compiled falls back to tfjs; a model that cannot be downloaded is an error.
 */
export async function loadPersonSegmenter(engine: EngineName, options: { baseUrl: string; threads: number | null }): Promise<PersonSegmenter | AheadPersonSegmenter> {
  if (engine === 'litert') {
    try {
      return await createLiteRtPersonSegmenter(await loadLiteRtRuntime(options.threads ?? 1), segmenterUrl(options.baseUrl));
    } catch (error) {
      if (error instanceof ModelLoadError) throw error;
      console.warn(`The person segmenter could not run on LiteRT (${describeError(error)}); it runs on tfjs.`);
    }
  }
  return createPersonSegmenter(options.baseUrl);
}
