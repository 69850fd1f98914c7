import * as tf from '@tensorflow/tfjs';
import { CodedError, describeError } from '../../shared/errors';

type ModelName = 'style-predictor' | 'style-transformer' | 'fast-transformer' | 'person-segmentation';

export class ModelLoadError extends CodedError {
  constructor(
    readonly model: ModelName,
    readonly url: string,
    cause: unknown,
  ) {
    super('model-load-failed', `Could not load the ${model} network from ${url}: ${describeError(cause)}`);
    this.name = 'ModelLoadError';
  }
}

export interface LoadOptions {
  /** Folder URL holding style-predictor/ and style-transformer/, with or without a trailing slash. */
  baseUrl: string;
  /** Called with 0..1 over the download. */
  onProgress?: (fraction: number) => void;
}

export function modelUrl(name: ModelName, baseUrl: string): string {
  return `${baseUrl.replace(/\/$/, '')}/${name}/model.json`;
}

/** Loads one graph model; a failure names the network and the URL. */
export async function loadGraph(name: ModelName, options: LoadOptions): Promise<tf.GraphModel> {
  const url = modelUrl(name, options.baseUrl);
  try {
    return await tf.loadGraphModel(url, options.onProgress ? { onProgress: options.onProgress } : {});
  } catch (error) {
    throw new ModelLoadError(name, url, error);
  }
}
