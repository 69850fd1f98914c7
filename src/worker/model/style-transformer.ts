import * as tf from '@tensorflow/tfjs';
import type { Size } from '../geometry/frame-sizes';
import { loadGraph, type LoadOptions } from './model-loading';

/**
 * The transformer network of Magenta's arbitrary style transfer (Ghiasi et al. 2017): a frame and
 * a style embedding in, the stylized frame out, at the frame's size. Each call returns one new
 * tensor and leaves nothing else behind. Three engines implement it: tfjs (synchronous, on whatever
 * tfjs backend runs), ONNX Runtime Web and LiteRT.js (asynchronous, WebAssembly); `engine` tells them apart.
 */
export type StyleTransformer = TfjsStyleTransformer | AsyncStyleTransformer;

interface TransformerBase {
  /**
   * Gets ready for frames of `size` (LiteRT writes and compiles a model for it); absent on engines
   * that take any size as it comes. Called between frames, ahead of a size the adaptive resolution may pick.
   */
  prepare?(size: Size): Promise<void>;
  /** Why the engine runs below its best here (LiteRT on one thread without relaxed SIMD or isolation); shown with the engine choice. */
  readonly notice?: string;
  dispose(): void;
}

export interface TfjsStyleTransformer extends TransformerBase {
  readonly engine: 'tfjs';
  /** `content` is [H,W,3] RGB in 0..255; returns the stylized frame, [H,W,3] in 0..1. Tidy. */
  stylize(content: tf.Tensor3D, embedding: tf.Tensor4D): tf.Tensor3D;
}

export interface AsyncStyleTransformer extends TransformerBase {
  readonly engine: 'onnx' | 'litert';
  /** As the tfjs one, but the network runs in ONNX Runtime or LiteRT: the result arrives later. */
  stylize(content: tf.Tensor3D, embedding: tf.Tensor4D): Promise<tf.Tensor3D>;
}

export async function createStyleTransformer(options: LoadOptions): Promise<TfjsStyleTransformer> {
  return new GraphStyleTransformer(await loadGraph('style-transformer', options));
}

class GraphStyleTransformer implements TfjsStyleTransformer {
  readonly engine = 'tfjs';

  constructor(private readonly graph: tf.GraphModel) {}

  stylize(content: tf.Tensor3D, embedding: tf.Tensor4D): tf.Tensor3D {
    return tf.tidy(() => {
      const batch = content.toFloat().div(255).expandDims(0);
      const stylized = this.graph.execute({ content: batch, style_embedding: embedding }, 'stylized') as tf.Tensor4D;
      return stylized.squeeze([0]) as tf.Tensor3D;
    });
  }

  dispose(): void {
    this.graph.dispose();
  }
}
