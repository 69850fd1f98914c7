import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
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

interface CatalogueJson {
  styles: { id: string; file: string; embedding: number[] }[];
}

/** A built-in style from the shared catalogue: its picture's file name and its embedding as a [1,1,1,100] tensor (the caller disposes it). */
export function builtInStyle(id: string): { file: string; embedding: tf.Tensor4D } {
  const catalogue = JSON.parse(readFileSync(resolve(sharedModelsDir(), 'styles', 'styles.json'), 'utf8')) as CatalogueJson;
  const style = catalogue.styles.find((entry) => entry.id === id);
  if (!style) throw new Error(`no built-in style ${id}`);
  return { file: style.file, embedding: tf.tensor4d(style.embedding, [1, 1, 1, 100]) };
}
