import * as tf from '@tensorflow/tfjs';
import type * as Ort from 'onnxruntime-web';
import { EMBEDDING_SHAPE } from '../../shared/protocol';
import type { OrtModule } from '../backend/onnx-runtime';
import type { AsyncStyleTransformer } from './style-transformer';

/**
 * The same transformer (onnx/style-transformer.onnx, converted from the tfjs graph; outputs agree
 * within 2e-5) on ONNX Runtime Web's WebAssembly engine, which ran it about 1.5× faster than tfjs-wasm
 * with the same threads (../shared/models/README.md). Per frame it copies the input out of tfjs once
 * and the output back in once; everything around the network stays on tfjs.
 */
export async function createOnnxStyleTransformer(ort: OrtModule, model: string | Uint8Array): Promise<AsyncStyleTransformer> {
  const options: Ort.InferenceSession.SessionOptions = { executionProviders: ['wasm'], graphOptimizationLevel: 'all' };
  const session = typeof model === 'string' ? await ort.InferenceSession.create(model, options) : await ort.InferenceSession.create(model, options);
  return new OrtStyleTransformer(ort, session);
}

class OrtStyleTransformer implements AsyncStyleTransformer {
  readonly engine = 'onnx';

  constructor(
    private readonly ort: OrtModule,
    private readonly session: Ort.InferenceSession,
  ) {}

  async stylize(content: tf.Tensor3D, embedding: tf.Tensor4D): Promise<tf.Tensor3D> {
    const [height, width] = content.shape;
    const normalized = tf.tidy(() => content.toFloat().div(255));
    // On CPU backends a read is a copy out of the WebAssembly heap, not a GPU readback.
    const pixels = normalized.dataSync() as Float32Array;
    normalized.dispose();
    const feeds = {
      content: new this.ort.Tensor('float32', pixels, [1, height, width, 3]),
      style_embedding: new this.ort.Tensor('float32', embedding.dataSync() as Float32Array, EMBEDDING_SHAPE),
    };
    const results = await this.session.run(feeds);
    const stylized = results.stylized!;
    try {
      return tf.tensor3d(stylized.data as Float32Array, [height, width, 3]);
    } finally {
      stylized.dispose();
    }
  }

  dispose(): void {
    void this.session.release();
  }
}
