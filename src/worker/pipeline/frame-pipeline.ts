import * as tf from '@tensorflow/tfjs';
import { describeError } from '../../shared/errors';
import { EMBEDDING_SHAPE, type CameraFrame } from '../../shared/protocol';
import type { StyleTransformer } from '../model/style-transformer';
import type { FrameSink } from './canvas-sinks';
import type { ScaledFrame } from './frame-scaler';
import { processingSize, type Size } from './processing-size';

/** The source stage as the pipeline sees it (FrameScaler, or a stand-in in tests). */
export interface FrameSource {
  /** The caller still owns `frame`; `release` frees the scaled pixels. */
  scale(frame: CameraFrame, shortSide: number): Promise<ScaledFrame>;
  /** Frames are scaled on the GPU into a bitmap (GPU backends) rather than copied through the CPU. */
  readonly gpuCopy: boolean;
  useCpuCopy(): void;
  destroy(): void;
}

/** The embedding each frame is stylized with (StyleEmbeddingState). */
export interface FrameEmbedding {
  /** Called inside the frame's tf.tidy. */
  embeddingAt(now: number): tf.Tensor4D;
}

export interface FrameSizes {
  /** Short side the network sees for the next frame (the adaptive size, or the chosen one). */
  processing(): number;
  /** Short side of the output canvas: the chosen size, so a recording never changes resolution. */
  output(): number;
}

export interface FramePipelineParts {
  /** Owned by the pipeline from here on: destroyed by `dispose`. */
  source: FrameSource;
  /** Owned by the pipeline from here on: destroyed by `dispose`. */
  sink: FrameSink;
  /** Borrowed: the caller disposes it. */
  transformer: StyleTransformer;
  /** Borrowed. */
  embedding: FrameEmbedding;
  sizes: FrameSizes;
  /** Sees each frame's scaled pixels before they are released (content-embedding samples); a throw fails the frame. */
  onScaled?(pixels: ImageData | ImageBitmap, source: Size): Promise<void> | void;
  now?(): number;
}

export interface FrameResult {
  startedAt: number;
  finishedAt: number;
  /** The size the network processed. */
  processed: Size;
  /** The camera frame's own size. */
  source: Size;
}

/**
 * One camera frame's path: scale (source) → import to the backend → transformer → resize to the
 * output size → draw (sink). Takes ownership of each frame and closes it as soon as its pixels are
 * on the backend, before the network runs. Everything per frame happens in one tf.tidy; the only
 * tensor that outlives `submit` is the stylized frame the sink is drawing, which it disposes.
 */
export class FramePipeline {
  /** Why frames fell back to CPU copies (the GPU copy of a frame failed once); null while it works. */
  gpuCopyFallback: string | null = null;
  private readonly now: () => number;

  constructor(private readonly parts: FramePipelineParts) {
    this.now = parts.now ?? (() => performance.now());
  }

  /** Imports the frame and submits its work; `done` settles once it is on the canvas. */
  async submit(frame: CameraFrame): Promise<{ done: Promise<FrameResult> }> {
    const startedAt = this.now();
    let imported: { pixels: tf.Tensor3D; source: Size };
    try {
      imported = await this.import(frame);
    } finally {
      // Its pixels are on the backend (or the import failed): the camera gets its buffer back.
      frame.close();
    }
    const { pixels, source } = imported;
    const [height, width] = pixels.shape;
    let stylized: tf.Tensor3D;
    try {
      stylized = await this.stylize(pixels, source, () => this.parts.embedding.embeddingAt(startedAt));
    } finally {
      pixels.dispose();
    }
    const drawn = this.parts.sink.draw(stylized).finally(() => stylized.dispose());
    return { done: drawn.then(() => ({ startedAt, finishedAt: this.now(), processed: { width, height }, source })) };
  }

  /**
   * The tfjs transformer at the pixels' size, brought to the output size, all in the caller's
   * tf.tidy (shader precompiling runs this in compile-only mode). The canvas keeps the chosen size
   * while the adaptive size moves; the backend upscales the smaller frame.
   */
  transform(pixels: tf.Tensor3D, source: Size, embedding: tf.Tensor4D): tf.Tensor3D {
    const transformer = this.parts.transformer;
    if (transformer.engine !== 'tfjs') throw new Error('Only the tfjs engine runs inside one tidy');
    return this.toOutputSize(transformer.stylize(pixels, embedding), source);
  }

  /** One frame through whichever engine: tfjs in one tidy, ONNX Runtime between two small ones. */
  private async stylize(pixels: tf.Tensor3D, source: Size, embeddingOf: () => tf.Tensor4D): Promise<tf.Tensor3D> {
    const transformer = this.parts.transformer;
    if (transformer.engine === 'tfjs') return tf.tidy(() => this.transform(pixels, source, embeddingOf()));
    // A clone, so the frame can free it whether it is the cached style or a crossfade's mix.
    const embedding = tf.tidy(() => embeddingOf().clone());
    let raw: tf.Tensor3D;
    try {
      raw = await transformer.stylize(pixels, embedding);
    } finally {
      embedding.dispose();
    }
    const out = tf.tidy(() => this.toOutputSize(raw, source));
    if (out !== raw) raw.dispose();
    return out;
  }

  private toOutputSize(stylized: tf.Tensor3D, source: Size): tf.Tensor3D {
    const [height, width] = stylized.shape;
    const target = processingSize(source.width, source.height, this.parts.sizes.output());
    return target.width === width && target.height === height ? stylized : (tf.image.resizeBilinear(stylized, [target.height, target.width]) as tf.Tensor3D);
  }

  /**
   * Runs every kernel once at `size`, from a pixel import to the last kernel, and waits for the
   * result, so the first camera frame is not the slow one. Async read: a synchronous one leaves
   * SwiftShader's WebGPU device unable to map buffers afterwards.
   */
  async warmUp(size: Size): Promise<void> {
    const bitmap = await createImageBitmap(new ImageData(size.width, size.height));
    const pixels = tf.browser.fromPixels(bitmap);
    bitmap.close();
    const embedding = tf.zeros(EMBEDDING_SHAPE) as tf.Tensor4D;
    try {
      const output = await this.stylize(pixels, size, () => embedding);
      await output.data();
      output.dispose();
    } finally {
      tf.dispose([pixels, embedding]);
    }
  }

  /** Another engine for the next frames; the caller swaps between frames and frees the old one. */
  setTransformer(transformer: StyleTransformer): void {
    this.parts.transformer = transformer;
  }

  dispose(): void {
    this.parts.sink.destroy();
    this.parts.source.destroy();
  }

  private async import(frame: CameraFrame): Promise<{ pixels: tf.Tensor3D; source: Size }> {
    const { source: scaler } = this.parts;
    const scaled = await scaler.scale(frame, this.parts.sizes.processing());
    let pixels: tf.Tensor3D;
    try {
      await this.parts.onScaled?.(scaled.pixels, scaled.source);
    } catch (error) {
      scaled.release();
      throw error;
    }
    try {
      pixels = tf.browser.fromPixels(scaled.pixels);
    } catch (error) {
      scaled.release();
      // Only the GPU copy has a fallback: some software WebGPU adapters refuse to import a bitmap.
      // Anything else (a model error, a lost device, out of memory) is the frame's failure.
      if (!scaler.gpuCopy) throw error;
      this.gpuCopyFallback = `the GPU copy of a camera frame failed (${describeError(error)}); frames are copied through the CPU`;
      console.warn(`Stylizer: ${this.gpuCopyFallback}.`);
      scaler.useCpuCopy();
      return this.import(frame);
    }
    scaled.release();
    return { pixels, source: scaled.source };
  }
}
