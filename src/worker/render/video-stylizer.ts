import * as tf from '@tensorflow/tfjs';
import { EMBEDDING_SHAPE, type BackendName, type StylizeRegion } from '../../shared/protocol';
import type { RenderLook, RenderQuality } from '../../shared/render-protocol';
import type { StyleTransformer } from '../model/style-transformer';
import { createCanvasSink } from '../pipeline/canvas-sinks';
import { FramePipeline } from '../pipeline/frame-pipeline';
import { FrameScaler } from '../pipeline/frame-scaler';
import { createQualityChain } from '../quality/create-quality-chain';
import { importsYuv, type OutputPasses } from '../quality/output-passes';
import { RegionMask, type Segment } from '../quality/region-mask';
import { StyleEmbeddingState } from '../style/style-embedding-state';
import type { Size } from '../geometry/frame-sizes';

/** Frames arrive at the render resolution already; the output keeps it (capped at the frame's own). */
const OUTPUT_AS_FRAME = Number.MAX_SAFE_INTEGER;
/** Seconds of video between two samples of the content's own embedding (used below full strength). */
const CONTENT_EVERY_S = 5;

interface VideoStylizerParts {
  backend: BackendName;
  /** The quality chain's output passes on CPU-side backends (the stylizer's chain owns them), else null. */
  outputPasses: OutputPasses | null;
  /** Borrowed: the render service loads it and disposes it. */
  transformer: StyleTransformer;
  quality: RenderQuality;
  looks: readonly RenderLook[];
  processingShortSide: number;
  /** The frame's person probability (Person only / Background only); null while there is none. Call inside a tf.tidy. */
  segment: Segment | null;
  /** The content's own embedding of a picture (transferred), for a strength below 1. */
  predict(picture: ImageBitmap): Promise<Float32Array>;
}

/**
 * The live frame path (FramePipeline: scale, quality chain, network, upsampling with Detail, Keep
 * original colours, regions) run on the frames of a file one after another, none dropped. Time is
 * the video's own: looks switch and crossfade at their time in the video, and Reduce flicker
 * steadies each frame against the one before it in the file. Owns its canvas (the finished frame,
 * read by the encoder), the pipeline and the style state; `dispose` frees them.
 */
export class VideoStylizer {
  readonly canvas = new OffscreenCanvas(1, 1);
  private readonly pipeline: FramePipeline;
  private readonly style = new StyleEmbeddingState();
  private videoMs = 0;
  private nextLook = 0;
  private contentAtS = Number.NEGATIVE_INFINITY;

  constructor(private readonly parts: VideoStylizerParts) {
    const { quality } = parts;
    const gpuBackend = parts.backend === 'webgpu' || parts.backend === 'webgl';
    // The render has no second style: Person and background gives the whole frame the main style.
    const region: StylizeRegion = quality.stylize === 'both' ? 'everything' : quality.stylize;
    const segment = parts.segment;
    this.style.setStrength(quality.styleStrength);
    this.pipeline = new FramePipeline({
      source: new FrameScaler(gpuBackend, importsYuv(parts.outputPasses?.kind)),
      // The encoder reads the canvas after each frame, so every backend draws through pixels.
      sink: createCanvasSink('pixels', this.canvas),
      transformer: parts.transformer,
      embedding: this.style,
      quality: createQualityChain(parts.backend, () => quality, segment ? new RegionMask(() => region, segment, 1, parts.outputPasses?.refiner ?? undefined) : null, parts.outputPasses),
      sizes: { processing: () => parts.processingShortSide, output: () => OUTPUT_AS_FRAME },
      now: () => this.videoMs,
    });
  }

  /** Compiles every kernel for frames of `frame`'s size, so the first frame's time is like the others'. */
  async warmUp(frame: Size, processing: Size): Promise<void> {
    await this.parts.transformer.prepare?.(processing);
    await this.pipeline.warmUp(processing, frame);
  }

  /** Stylizes `frame` (closed here) shown at `atS` seconds of the video; the result is on `canvas` when this resolves. */
  async stylize(frame: VideoFrame, atS: number): Promise<OffscreenCanvas> {
    try {
      this.videoMs = atS * 1000;
      this.applyLooks(atS);
      if (this.style.wantsContent && atS - this.contentAtS >= CONTENT_EVERY_S) await this.sampleContent(frame, atS);
    } catch (error) {
      frame.close();
      throw error;
    }
    const { done } = await this.pipeline.submit(frame);
    await done;
    return this.canvas;
  }

  dispose(): void {
    this.pipeline.dispose();
    this.style.dispose();
  }

  /** Each look takes over at its time, blended in over the crossfade (in video time). */
  private applyLooks(atS: number): void {
    const { looks, quality } = this.parts;
    while (this.nextLook < looks.length && looks[this.nextLook]!.atS <= atS) {
      const look = looks[this.nextLook]!;
      this.style.setTarget(tf.tensor4d(look.embedding, EMBEDDING_SHAPE), true, look.atS * 1000, quality.crossfadeMs);
      this.nextLook++;
    }
  }

  private async sampleContent(frame: VideoFrame, atS: number): Promise<void> {
    const picture = await createImageBitmap(frame);
    const embedding = await this.parts.predict(picture);
    this.style.setContent(tf.tensor4d(embedding, EMBEDDING_SHAPE));
    this.contentAtS = atS;
  }
}
