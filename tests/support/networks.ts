import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createStylePredictor, type StylePredictor } from '../../src/worker/model/style-predictor';
import { createStyleTransformer, type TfjsStyleTransformer } from '../../src/worker/model/style-transformer';
import { sharedModelsDir } from './paths';
import { serveFolder } from './static-server';

/** Both real networks, served over HTTP from the shared model folder, on tfjs's WASM backend in Node. */
export interface Networks {
  predictor: StylePredictor;
  transformer: TfjsStyleTransformer;
  /** The URL the networks were loaded from (a folder holding style-predictor/ and style-transformer/). */
  url: string;
  dispose(): Promise<void>;
}

export async function loadNetworks(backend = 'wasm'): Promise<Networks> {
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} did not start`);
  await tf.ready();
  const server = await serveFolder(sharedModelsDir());
  const [predictor, transformer] = await Promise.all([createStylePredictor({ baseUrl: server.url }), createStyleTransformer({ baseUrl: server.url })]);
  return {
    predictor,
    transformer,
    url: server.url,
    async dispose() {
      predictor.dispose();
      transformer.dispose();
      await server.close();
    },
  };
}
