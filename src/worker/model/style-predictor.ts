import * as tf from '@tensorflow/tfjs';
import { loadGraph, type LoadOptions } from './model-loading';

/** Input size the style predictor was trained and converted at. */
export const STYLE_IMAGE_SIZE = 256;

/**
 * The style-prediction network of Magenta's arbitrary style transfer (Ghiasi et al. 2017):
 * a picture in, its 100-number style embedding out. Synchronous and tidy.
 */
export interface StylePredictor {
  /** `image` is [H,W,3] RGB in 0..255 (any size); returns the embedding, [1,1,1,100]. */
  predict(image: tf.Tensor3D): tf.Tensor4D;
  dispose(): void;
}

export async function createStylePredictor(options: LoadOptions): Promise<StylePredictor> {
  return new GraphStylePredictor(await loadGraph('style-predictor', options));
}

class GraphStylePredictor implements StylePredictor {
  constructor(private readonly graph: tf.GraphModel) {}

  predict(image: tf.Tensor3D): tf.Tensor4D {
    return tf.tidy(() => {
      // The whole picture, squeezed (no crop), exactly as the shipped embeddings were made.
      const styleImage = tf.image.resizeBilinear(image.toFloat(), [STYLE_IMAGE_SIZE, STYLE_IMAGE_SIZE]).div(255).expandDims(0);
      return this.graph.execute({ style_image: styleImage }, 'style_embedding') as tf.Tensor4D;
    });
  }

  dispose(): void {
    this.graph.dispose();
  }
}
