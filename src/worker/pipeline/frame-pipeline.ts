import * as tf from '@tensorflow/tfjs';
import { describeError } from '../../shared/errors';
import { EMBEDDING_SHAPE, type CameraFrame, type FrameImportPath } from '../../shared/protocol';
import type { StyleTransformer } from '../model/style-transformer';
import type { CameraImage } from '../quality/camera-luma';
import type { FrameQuality, PreparedFrame } from '../quality/quality-chain';
import type { FrameSink } from './canvas-sinks';
import type { ScaledFrame } from './frame-scaler';
import { outputSize, type Size } from '../geometry/frame-sizes';
import { StageClock, type StageTimes } from './stage-profile';

/** The source stage as the pipeline sees it (FrameScaler, or a stand-in in tests). */
export interface FrameSource {
  /** The caller still owns `frame`; `release` frees the scaled pixels. `outputShortSide` null: no camera-size copy. */
  scale(frame: CameraFrame, shortSide: number, outputShortSide: number | null): Promise<ScaledFrame>;
  /** Frames are scaled on the GPU into a bitmap (GPU backends) rather than copied through the CPU. */
  readonly gpuCopy: boolean;
  useCpuCopy(): void;
  destroy(): void;
}

/** The embedding each frame is stylized with (StyleEmbeddingState). */
interface FrameEmbedding {
  /** Called inside the frame's tf.tidy. */
  embeddingAt(now: number): tf.Tensor4D;
}

interface FrameSizes {
  /** Short side the network sees for the next frame (the adaptive size, or the chosen one). */
  processing(): number;
  /**
   * Largest short side of the output canvas (capped at the camera's own): the canvas, recordings
   * and snapshots keep the camera's resolution whatever size the network runs at.
   */
  output(): number;
}

interface FramePipelineParts {
  /** Owned by the pipeline from here on: destroyed by `dispose`. */
  source: FrameSource;
  /** Owned by the pipeline from here on: destroyed by `dispose`. */
  sink: FrameSink;
  /** Borrowed: the caller disposes it. */
  transformer: StyleTransformer;
  /** Borrowed. */
  embedding: FrameEmbedding;
  /** Person and background: while `active`, each frame runs the network once more with the background's style. */
  background?: FrameEmbedding & { active(): boolean };
  /** Owned by the pipeline from here on: disposed by `dispose`. */
  quality: FrameQuality;
  /**
   * Work for the frame's pixels that must finish before its synchronous chain runs (the person mask
   * on an asynchronous engine). Called on asynchronous engines only.
   */
  segmentAhead?: (pixels: tf.Tensor3D) => Promise<void>;
  sizes: FrameSizes;
  /** Sees each frame before its scaled pixels are released and it is closed (content-embedding samples); a throw fails the frame. */
  onScaled?(snapshot: () => Promise<ImageBitmap>, source: Size): Promise<void> | void;
  now?: () => number;
}

export interface FrameResult {
  startedAt: number;
  finishedAt: number;
  /** The size the network processed. */
  processed: Size;
  /** The camera frame's own size. */
  source: Size;
  /** Where this frame's time went (see StageProfile). */
  stages: StageTimes;
  /** How it came onto the backend. */
  imported: FrameImportPath;
}

/** A frame on the backend at the processing size, and the scaled frame it came from (the chain reads its output-size copy). */
interface ImportedFrame {
  pixels: tf.Tensor3D;
  scaled: ScaledFrame;
}

/**
 * One camera frame's path: scale (source) → import to the backend → quality chain (flicker) →
 * transformer → quality chain (steady output, upsampling with detail, colours) → draw (sink).
 * Takes ownership of each frame and closes it as soon as its pixels are on the backend, before the
 * network runs. Everything per frame happens in tf.tidy scopes; the only tensors that outlive
 * `submit` are the finished frame the sink is drawing, which it disposes, and the chain's own (on
 * CPU-side backends the sink gets pixels the chain owns instead).
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
    const clock = new StageClock(this.now, startedAt);
    let imported: ImportedFrame;
    try {
      imported = await this.import(frame);
    } finally {
      // Its pixels are on the backend (or the import failed): the camera gets its buffer back.
      frame.close();
    }
    clock.end('import');
    const { pixels, scaled } = imported;
    const { source } = scaled;
    const [height, width] = pixels.shape;
    let finished: tf.Tensor3D;
    const background = this.parts.background;
    const backgroundOf = background?.active() ? () => background.embeddingAt(startedAt) : null;
    try {
      finished = await this.stylize(pixels, scaled.camera, source, () => this.parts.embedding.embeddingAt(startedAt), clock, backgroundOf);
    } finally {
      pixels.dispose();
      scaled.release();
    }
    const output = this.parts.quality.present(finished, this.outputSize(source));
    clock.end('finish');
    const drawn = this.parts.sink.draw(output);
    return {
      done: drawn.then(() => {
        clock.end('draw');
        return { startedAt, finishedAt: this.now(), processed: { width, height }, source, stages: clock.times, imported: scaled.path };
      }),
    };
  }

  /**
   * The tfjs transformer at the pixels' size with the quality chain around it, brought to the
   * output size, all in the caller's tf.tidy. `keep` false (shader precompiling, in compile-only
   * mode) leaves what the chain keeps between frames untouched.
   */
  transform(pixels: tf.Tensor3D, camera: CameraImage | null, source: Size, embedding: tf.Tensor4D, keep = true, clock?: StageClock, backgroundEmbedding: tf.Tensor4D | null = null): tf.Tensor3D {
    const transformer = this.parts.transformer;
    if (transformer.engine !== 'tfjs') throw new Error('Only the tfjs engine runs inside one tidy');
    const prepared = this.parts.quality.prepare(pixels, camera, keep);
    clock?.end('prepare');
    const stylized = transformer.stylize(prepared.input, embedding);
    const background = backgroundEmbedding && prepared.regionWeights ? transformer.stylize(prepared.input, backgroundEmbedding) : null;
    clock?.end('network');
    return this.parts.quality.finish(stylized, prepared, this.outputSize(source), keep, background);
  }

  /** Whether frames run the network twice now (Person and background, with the mask ready). */
  get runsTwice(): boolean {
    return this.parts.background?.active() ?? false;
  }

  /** Whether frames are also imported at the output size, for the chain's detail and colours. */
  needsCamera(): boolean {
    return this.parts.quality.needsCamera();
  }

  /** One frame through whichever engine (tfjs in one tidy, the others between small ones), up to the chain's `finish`. */
  private async stylize(
    pixels: tf.Tensor3D,
    camera: CameraImage | null,
    source: Size,
    embeddingOf: () => tf.Tensor4D,
    clock?: StageClock,
    backgroundOf: (() => tf.Tensor4D) | null = null,
  ): Promise<tf.Tensor3D> {
    const transformer = this.parts.transformer;
    if (transformer.engine === 'tfjs') return tf.tidy(() => this.transform(pixels, camera, source, embeddingOf(), true, clock, backgroundOf?.() ?? null));
    const quality = this.parts.quality;
    // A clone, so the frame can free it whether it is the cached style or a crossfade's mix.
    const embedding = tf.tidy(() => embeddingOf().clone());
    const backgroundEmbedding = backgroundOf ? tf.tidy(() => backgroundOf().clone()) : null;
    await this.parts.segmentAhead?.(pixels);
    const prepared = tf.tidy(() => quality.prepare(pixels, camera) as unknown as tf.TensorContainerObject) as unknown as PreparedFrame;
    clock?.end('prepare');
    // What the chain made for this frame; a stage may hand back its input as is (the caller's to free).
    const frameTensors = [prepared.input, prepared.motion, prepared.cameraLuma, prepared.regionWeights, prepared.cameraColour].filter(
      (tensor): tensor is tf.Tensor3D => tensor !== null && tensor !== pixels,
    );
    let background: tf.Tensor3D | null = null;
    try {
      const raw = await transformer.stylize(prepared.input, embedding);
      let finished: tf.Tensor3D | null = null;
      try {
        background = backgroundEmbedding && prepared.regionWeights ? await transformer.stylize(prepared.input, backgroundEmbedding) : null;
        clock?.end('network');
        finished = tf.tidy(() => quality.finish(raw, prepared, this.outputSize(source), true, background));
        return finished;
      } finally {
        // With no stage to run the chain hands the network's output back as the finished frame.
        if (finished !== raw) raw.dispose();
      }
    } finally {
      tf.dispose([embedding, ...frameTensors]);
      if (backgroundEmbedding) backgroundEmbedding.dispose();
      background?.dispose();
    }
  }

  private outputSize(source: Size): Size {
    return outputSize(source.width, source.height, this.parts.sizes.output());
  }

  /**
   * Runs every kernel once at `size`, from a pixel import to the last kernel, for frames of a
   * `source`-sized camera (the output size), and waits for the result, so the first camera frame
   * is not the slow one. Twice: the second frame takes the quality chain's steady-state path
   * (blending with the first). Async read: a synchronous one leaves SwiftShader's WebGPU device
   * unable to map buffers afterwards.
   */
  async warmUp(size: Size, source: Size = size): Promise<void> {
    const bitmap = await createImageBitmap(new ImageData(size.width, size.height));
    const pixels = tf.browser.fromPixels(bitmap);
    bitmap.close();
    const embedding = tf.zeros(EMBEDDING_SHAPE) as tf.Tensor4D;
    const output = this.outputSize(source);
    // The output-size copy as frames bring it: a bitmap on GPU backends (so its import's kernels compile too), pixels otherwise.
    const cameraPixels = this.needsCamera() ? new ImageData(output.width, output.height) : null;
    const camera = cameraPixels && this.parts.source.gpuCopy ? await createImageBitmap(cameraPixels) : cameraPixels;
    try {
      for (let run = 0; run < 2; run++) {
        const finished = await this.stylize(pixels, camera, source, () => embedding);
        const presented = this.parts.quality.present(finished, output);
        if (presented instanceof tf.Tensor) {
          await presented.data();
          presented.dispose();
        }
      }
    } finally {
      tf.dispose([pixels, embedding]);
      if (camera instanceof ImageBitmap) camera.close();
      // A blank frame is nothing to stabilize the first camera frame against.
      this.parts.quality.reset();
    }
  }

  /** Another engine for the next frames; the caller swaps between frames and frees the old one. */
  /** The network on screen now (two blended while a switch of network fades). */
  get transformer(): StyleTransformer {
    return this.parts.transformer;
  }

  setTransformer(transformer: StyleTransformer): void {
    this.parts.transformer = transformer;
  }

  dispose(): void {
    this.parts.sink.destroy();
    this.parts.source.destroy();
    this.parts.quality.dispose();
  }

  private async import(frame: CameraFrame): Promise<ImportedFrame> {
    const { source: scaler } = this.parts;
    const scaled = await scaler.scale(frame, this.parts.sizes.processing(), this.needsCamera() ? this.parts.sizes.output() : null);
    let pixels: tf.Tensor3D;
    try {
      await this.parts.onScaled?.(scaled.snapshot, scaled.source);
    } catch (error) {
      scaled.release();
      throw error;
    }
    try {
      pixels = this.parts.quality.importPixels(scaled.pixels);
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
    // Released once the chain has read the output-size copy.
    return { pixels, scaled };
  }
}
