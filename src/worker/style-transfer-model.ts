import * as tf from '@tensorflow/tfjs';

/** Input size the style predictor was trained and converted at. */
export const STYLE_IMAGE_SIZE = 256;

/**
 * Magenta's arbitrary style transfer (Ghiasi et al. 2017) as two graph models:
 * a predictor (style picture -> 100-number embedding) and a transformer (frame + embedding -> stylized frame).
 * Every method is synchronous and tidy: it returns one new tensor and leaves nothing else behind.
 */
export interface StyleTransferModel {
  /** `image` is [H,W,3] RGB in 0..255 (any size); returns the embedding, [1,1,1,100]. */
  predictStyle(image: tf.Tensor3D): tf.Tensor4D;
  /** `content` is [H,W,3] RGB in 0..255; returns the stylized frame, [H,W,3] in 0..1. */
  stylize(content: tf.Tensor3D, embedding: tf.Tensor4D): tf.Tensor3D;
  dispose(): void;
}

export type ModelName = 'style-predictor' | 'style-transformer';

export class ModelLoadError extends Error {
  constructor(
    readonly model: ModelName,
    readonly url: string,
    cause: unknown,
  ) {
    super(`Could not load the ${model} network from ${url}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ModelLoadError';
  }
}

export interface CreateOptions {
  /** Folder URL holding style-predictor/ and style-transformer/, with or without a trailing slash. */
  baseUrl: string;
  /** Called with 0..1 over both downloads. */
  onProgress?: (fraction: number) => void;
}

// Relative download sizes, so that one progress bar moves evenly over both files.
const WEIGHT_SHARE: Record<ModelName, number> = { 'style-predictor': 0.9, 'style-transformer': 0.1 };

async function loadOne(
  name: ModelName,
  baseUrl: string,
  progress: Record<ModelName, number>,
  report: () => void,
): Promise<tf.GraphModel> {
  const url = `${baseUrl.replace(/\/$/, '')}/${name}/model.json`;
  try {
    return await tf.loadGraphModel(url, {
      onProgress: (fraction) => {
        progress[name] = fraction;
        report();
      },
    });
  } catch (error) {
    throw new ModelLoadError(name, url, error);
  }
}

export async function createStyleTransferModel(options: CreateOptions): Promise<StyleTransferModel> {
  const progress: Record<ModelName, number> = { 'style-predictor': 0, 'style-transformer': 0 };
  const report = () =>
    options.onProgress?.(
      progress['style-predictor'] * WEIGHT_SHARE['style-predictor'] +
        progress['style-transformer'] * WEIGHT_SHARE['style-transformer'],
    );
  const loads = [
    loadOne('style-predictor', options.baseUrl, progress, report),
    loadOne('style-transformer', options.baseUrl, progress, report),
  ] as const;
  const settled = await Promise.allSettled(loads);
  const failure = settled.find((result) => result.status === 'rejected');
  if (failure) {
    for (const result of settled) if (result.status === 'fulfilled') result.value.dispose();
    throw failure.reason;
  }
  const [predictor, transformer] = settled.map((r) => (r as PromiseFulfilledResult<tf.GraphModel>).value) as [
    tf.GraphModel,
    tf.GraphModel,
  ];
  return new GraphStyleTransferModel(predictor, transformer);
}

class GraphStyleTransferModel implements StyleTransferModel {
  constructor(
    private readonly predictor: tf.GraphModel,
    private readonly transformer: tf.GraphModel,
  ) {}

  predictStyle(image: tf.Tensor3D): tf.Tensor4D {
    return tf.tidy(() => {
      // The whole picture, squeezed (no crop), exactly as the shipped embeddings were made.
      const styleImage = tf.image
        .resizeBilinear(image.toFloat(), [STYLE_IMAGE_SIZE, STYLE_IMAGE_SIZE])
        .div(255)
        .expandDims(0);
      return this.predictor.execute({ style_image: styleImage }, 'style_embedding') as tf.Tensor4D;
    });
  }

  stylize(content: tf.Tensor3D, embedding: tf.Tensor4D): tf.Tensor3D {
    return tf.tidy(() => {
      const batch = content.toFloat().div(255).expandDims(0);
      const stylized = this.transformer.execute({ content: batch, style_embedding: embedding }, 'stylized') as tf.Tensor4D;
      return stylized.squeeze([0]) as tf.Tensor3D;
    });
  }

  dispose(): void {
    this.predictor.dispose();
    this.transformer.dispose();
  }
}
