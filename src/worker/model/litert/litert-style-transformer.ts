import type * as tf from '@tensorflow/tfjs';
import type { CompiledModel } from '@litertjs/core';
import type { LiteRtRuntime } from '../../backend/litert-runtime';
import { EMBEDDING_SHAPE } from '../../../shared/protocol';
import type { Size } from '../../geometry/frame-sizes';
import { tensorValues, tensorWithValues } from '../../quality/tensor-values';
import type { AsyncStyleTransformer } from '../style-transformer';

/** Writes the network as a TFLite model for one input size (LiteRT.js runs a model at its own size only). */
export type TfliteWriter = (size: Size) => Uint8Array;

/**
 * A network on LiteRT.js (XNNPACK on WebAssembly). A model is written and compiled for each
 * processing size the first time it is needed (`prepare` does it ahead of the frames), and kept
 * until `dispose`. Per frame, as the ONNX engine: the input leaves tfjs once, the output comes back once.
 */
export class LiteRtStyleTransformer implements AsyncStyleTransformer {
  readonly engine = 'litert';
  readonly notice: string;
  private readonly models = new Map<string, Promise<CompiledModel>>();
  private disposed = false;

  constructor(
    private readonly runtime: LiteRtRuntime,
    private readonly write: TfliteWriter,
  ) {
    this.notice = runtime.notice;
  }

  /** Writes and compiles the model for `size` now, so the first frame at that size does not wait for it. */
  async prepare(size: Size): Promise<void> {
    await this.model(size);
  }

  async stylize(content: tf.Tensor3D, embedding: tf.Tensor4D): Promise<tf.Tensor3D> {
    const [height, width] = content.shape;
    const model = await this.model({ width, height });
    // The frame in 0..255 as the quality chain already read it (or one read: on CPU backends a copy
    // out of the WebAssembly heap); the model scales it (content-scale.ts). LiteRT copies it in.
    const values = tensorValues(content);
    const pixels = values instanceof Float32Array ? values : Float32Array.from(values);
    const { Tensor } = this.runtime.api;
    const inputs = [new Tensor(pixels, [1, height, width, 3]), new Tensor(embedding.dataSync() as Float32Array, EMBEDDING_SHAPE)];
    let outputs: InstanceType<typeof Tensor>[] = [];
    try {
      outputs = await model.run(inputs);
      // toTypedArray copies out of LiteRT's heap: the copy is the output's values, so the chain
      // reads them from here instead of out of tfjs again.
      return tensorWithValues(outputs[0]!.toTypedArray() as Float32Array, [height, width, 3]);
    } finally {
      for (const tensor of [...inputs, ...outputs]) tensor.delete();
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const model of this.models.values()) void model.then((compiled) => compiled.delete()).catch(() => {});
    this.models.clear();
  }

  private model(size: Size): Promise<CompiledModel> {
    if (this.disposed) return Promise.reject(new Error('The LiteRT transformer was disposed'));
    const key = `${size.width}x${size.height}`;
    let model = this.models.get(key);
    if (!model) {
      model = this.runtime.api.loadAndCompile(this.write(size), { accelerator: 'wasm', cpuOptions: { numThreads: this.runtime.threads } });
      // A failed compile is not kept: the next frame at that size tries again.
      model.catch(() => this.models.delete(key));
      this.models.set(key, model);
    }
    return model;
  }
}
