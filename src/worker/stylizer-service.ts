import * as tf from '@tensorflow/tfjs';
import {
  DEFAULT_SETTINGS,
  EMBEDDING_LENGTH,
  MAX_CROSSFADE_MS,
  MAX_PROCESSING_SIZE,
  MAX_TARGET_FPS,
  MIN_PROCESSING_SIZE,
  MIN_TARGET_FPS,
  type BackendReport,
  type CameraFrame,
  type InitOptions,
  type ProcessingSettings,
  type StylizerApi,
  type StylizerEvents,
} from '../shared/protocol';
import type { FrameSubmission } from './latest-frame-scheduler';
import { AdaptiveResolution } from './adaptive-resolution';
import { startBackend } from './backend-setup';
import { classifyAdapter } from './backend-ranking';
import { watchDeviceLoss } from './device-loss';
import { createCanvasSink, type FrameSink } from './canvas-sinks';
import { FrameScaler, type ScaledFrame } from './frame-scaler';
import { FrameStats } from './frame-stats';
import { backendMemoryBytes } from './memory-report';
import { LatestFrameScheduler } from './latest-frame-scheduler';
import { processingSize, type Size } from './processing-size';
import { ReadbackCounter } from './readback-counter';
import { CompiledSizes, precompileShaders } from './shader-precompile';
import { StyleEmbeddingState } from './style-embedding-state';
import { createStyleTransferModel, type StyleTransferModel } from './style-transfer-model';
import { CodedError, toStylizerError } from './worker-errors';

const STATS_INTERVAL_MS = 500;
/** Below full strength, the content's own embedding is refreshed this often from a recent frame. */
const CONTENT_EMBEDDING_INTERVAL_MS = 2000;
/** Pictures are shrunk to this long side before the predictor's bilinear resize, which does not antialias. */
const STYLE_PREPASS_SIZE = 512;
/** A 4:3 frame, the most common camera shape, for warming the shaders up at load. */
const WARM_UP_ASPECT = 4 / 3;

function closeFrame(frame: CameraFrame): void {
  frame.close();
}

function validatePipelineDepth(depth: number | undefined): void {
  if (depth !== undefined && depth !== 1 && depth !== 2) {
    throw new CodedError('invalid-argument', `The pipeline keeps 1 or 2 frames on the backend, got ${String(depth)}.`);
  }
}

function validateSettings(settings: Partial<ProcessingSettings>): void {
  const { targetFps, shortSide, styleStrength, crossfadeMs, adaptiveResolution } = settings;
  if (adaptiveResolution !== undefined && typeof adaptiveResolution !== 'boolean') {
    throw new CodedError('invalid-argument', `Adaptive resolution is on or off, got ${String(adaptiveResolution)}.`);
  }
  if (styleStrength !== undefined && !(styleStrength >= 0 && styleStrength <= 1)) {
    throw new CodedError('invalid-argument', `Style strength must be 0-100%, got ${styleStrength * 100}%.`);
  }
  if (crossfadeMs !== undefined && !(crossfadeMs >= 0 && crossfadeMs <= MAX_CROSSFADE_MS)) {
    throw new CodedError('invalid-argument', `Crossfade must be 0-${MAX_CROSSFADE_MS} ms, got ${crossfadeMs}.`);
  }
  if (targetFps !== undefined && !(targetFps >= MIN_TARGET_FPS && targetFps <= MAX_TARGET_FPS)) {
    throw new CodedError('invalid-argument', `Target frame rate must be ${MIN_TARGET_FPS}-${MAX_TARGET_FPS}, got ${targetFps}.`);
  }
  if (shortSide !== undefined && !(Number.isInteger(shortSide) && shortSide >= MIN_PROCESSING_SIZE && shortSide <= MAX_PROCESSING_SIZE)) {
    throw new CodedError('invalid-argument', `Resolution must be ${MIN_PROCESSING_SIZE}-${MAX_PROCESSING_SIZE} px, got ${shortSide}.`);
  }
}

/** The worker side: owns the backend, the networks, the style cache and the frame pipeline. */
export class StylizerService implements StylizerApi {
  private model: StyleTransferModel | null = null;
  private backend: BackendReport | null = null;
  private scaler: FrameScaler | null = null;
  private sink: FrameSink | null = null;
  private canvas: OffscreenCanvas | null = null;
  private scheduler: LatestFrameScheduler<CameraFrame> | null = null;
  private events: StylizerEvents | null = null;
  private settings: ProcessingSettings = { ...DEFAULT_SETTINGS };
  /** Style embeddings by style id: each one is uploaded to the backend once. */
  private readonly embeddings = new Map<string, tf.Tensor4D>();
  private readonly style = new StyleEmbeddingState();
  /** A recent frame kept for the next content-embedding refresh, and when the last one was taken. */
  private contentSample: tf.Tensor3D | null = null;
  private contentSampledAt = Number.NEGATIVE_INFINITY;
  private readonly stats = new FrameStats();
  private statsTimer: ReturnType<typeof setInterval> | null = null;
  private lastSize = { width: 0, height: 0 };
  private adaptive = new AdaptiveResolution({ maxShortSide: DEFAULT_SETTINGS.shortSide, targetFps: DEFAULT_SETTINGS.targetFps });
  private readbacks: ReadbackCounter | null = null;
  private readonly compiledSizes = new CompiledSizes();
  /** The frame shape and ladder whose sizes were last handed to the precompiler. */
  private checkedSource: Size = { width: 0, height: 0 };
  private checkedLadder: readonly number[] | null = null;

  async init(options: InitOptions, canvas: OffscreenCanvas, events: StylizerEvents): Promise<BackendReport> {
    try {
      if (this.model) throw new CodedError('invalid-argument', 'The stylizer is already initialised.');
      validateSettings(options.settings);
      validatePipelineDepth(options.pipelineDepth);
      this.settings = { ...DEFAULT_SETTINGS, ...options.settings };
      this.style.setStrength(this.settings.styleStrength);
      this.events = events;
      events.onProgress({ stage: 'backend', fraction: 0 });
      this.backend = await startBackend(options.backend);
      events.onProgress({ stage: 'style-transformer', fraction: 0.05 });
      this.model = await createStyleTransferModel({
        baseUrl: options.modelBaseUrl,
        onProgress: (fraction) => events.onProgress({ stage: fraction < 1 ? 'style-predictor' : 'style-transformer', fraction: 0.05 + fraction * 0.8 }),
      });
      events.onProgress({ stage: 'warm-up', fraction: 0.85 });
      await this.warmUp();
      this.adaptive.configure({ maxShortSide: this.settings.shortSide, targetFps: this.settings.targetFps }, performance.now());
      events.onProgress({ stage: 'warm-up', fraction: 0.92 });
      const warmUpSource = { width: WARM_UP_ASPECT * this.settings.shortSide, height: this.settings.shortSide };
      await this.precompile(warmUpSource, this.uncompiledSizes(warmUpSource));
      // Counted from here: the warm-up's one read is part of loading, not of the frame path.
      this.readbacks = new ReadbackCounter(tf.engine().backend, this.backend.name);
      // A lost device fails every later frame; the page replaces this worker with a fresh one.
      watchDeviceLoss(this.backend.name, (reason) => {
        this.scheduler?.destroy();
        events.onError({ code: 'gpu-lost', message: reason });
      });
      const gpuBackend = this.backend.name === 'webgpu' || this.backend.name === 'webgl';
      const pipelineDepth = options.pipelineDepth ?? (gpuBackend ? 2 : 1);
      this.backend = { ...this.backend, pipelineDepth };
      this.scaler = new FrameScaler(gpuBackend);
      // On a software adapter (SwiftShader, Chromium 156) presenting a webgpu canvas leaves the device
      // unable to finish any later map or queue wait, so those adapters draw through the 2D canvas.
      const softwareAdapter = classifyAdapter({ description: this.backend.adapter ?? '' }) === 'software';
      this.canvas = canvas;
      this.sink = createCanvasSink(this.backend.name === 'webgpu' && !softwareAdapter ? 'gpu-texture' : 'pixels', canvas);
      this.scheduler = new LatestFrameScheduler<CameraFrame>({
        targetFps: this.settings.targetFps,
        depth: pipelineDepth,
        process: (frame) => this.stylizeFrame(frame),
        release: closeFrame,
        onError: (error) => this.events?.onError(toStylizerError(error, 'frame-failed')),
      });
      this.statsTimer = setInterval(() => this.reportStats(), STATS_INTERVAL_MS);
      events.onProgress({ stage: 'ready', fraction: 1 });
      return this.backend;
    } catch (error) {
      throw toStylizerError(error);
    }
  }

  async setStyle(styleId: string | null, embedding: Float32Array): Promise<void> {
    if (embedding.length !== EMBEDDING_LENGTH || !embedding.every(Number.isFinite)) {
      throw toStylizerError(new CodedError('invalid-argument', `A style embedding has ${EMBEDDING_LENGTH} finite numbers.`));
    }
    let tensor = styleId === null ? undefined : this.embeddings.get(styleId);
    if (!tensor) {
      tensor = tf.tensor4d(embedding, [1, 1, 1, EMBEDDING_LENGTH]);
      if (styleId !== null) this.embeddings.set(styleId, tensor);
    }
    // The first style shows at once: there is nothing to fade from.
    this.style.setTarget(tensor, styleId === null, performance.now(), this.style.hasStyle ? this.settings.crossfadeMs : 0);
  }

  async dropStyle(styleId: string): Promise<void> {
    const tensor = this.embeddings.get(styleId);
    if (!tensor) return;
    this.embeddings.delete(styleId);
    if (!this.style.adopt(tensor)) tensor.dispose();
  }

  async setSettings(settings: Partial<ProcessingSettings>): Promise<void> {
    try {
      validateSettings(settings);
    } catch (error) {
      throw toStylizerError(error);
    }
    this.settings = { ...this.settings, ...settings };
    if (settings.targetFps !== undefined) this.scheduler?.setTargetFps(settings.targetFps);
    if (settings.styleStrength !== undefined) this.style.setStrength(settings.styleStrength);
    if (settings.shortSide !== undefined || settings.targetFps !== undefined || settings.adaptiveResolution !== undefined) {
      this.adaptive.configure({ maxShortSide: this.settings.shortSide, targetFps: this.settings.targetFps }, performance.now());
    }
  }

  /** The short side the next frame is processed at. */
  private get processingShortSide(): number {
    return this.settings.adaptiveResolution ? this.adaptive.shortSide : this.settings.shortSide;
  }

  pushFrame(frame: CameraFrame): void {
    if (!this.scheduler || !this.style.hasStyle) {
      frame.close();
      return;
    }
    this.scheduler.offer(frame);
  }

  async predictStyle(image: ImageBitmap): Promise<Float32Array> {
    try {
      const model = this.requireModel();
      const predict = () => this.predictFromBitmap(model, image);
      // Between frames, so the prediction and a frame never compete for the backend.
      return await (this.scheduler ? this.scheduler.runExclusive(predict) : predict());
    } catch (error) {
      throw toStylizerError(error, 'style-failed');
    } finally {
      image.close();
    }
  }

  async pause(): Promise<void> {
    this.scheduler?.clear();
    this.stats.reset();
    this.reportStats();
  }

  async snapshot(): Promise<Blob> {
    if (!this.canvas || this.stats.total === 0) throw toStylizerError(new CodedError('not-ready', 'There is no stylized frame yet.'));
    try {
      // The page's <canvas> only mirrors this one: its own pixels cannot be read.
      return await this.canvas.convertToBlob({ type: 'image/png' });
    } catch (error) {
      throw toStylizerError(error);
    }
  }

  private async predictFromBitmap(model: StyleTransferModel, image: ImageBitmap): Promise<Float32Array> {
    const scale = Math.min(1, STYLE_PREPASS_SIZE / Math.max(image.width, image.height));
    const small = await createImageBitmap(image, {
      resizeWidth: Math.max(1, Math.round(image.width * scale)),
      resizeHeight: Math.max(1, Math.round(image.height * scale)),
      resizeQuality: 'high',
    });
    try {
      const embedding = tf.tidy(() => model.predictStyle(tf.browser.fromPixels(small)));
      // One read per added style, not per frame: the UI stores the numbers.
      const values = (await embedding.data()) as Float32Array;
      embedding.dispose();
      return values;
    } finally {
      small.close();
    }
  }

  /** The content's own embedding, for strengths below 100%, from the frame kept by `stylizePixels`. */
  private async refreshContentEmbedding(): Promise<void> {
    const sample = this.contentSample;
    this.contentSample = null;
    if (!sample || !this.model) return;
    try {
      const model = this.model;
      this.style.setContent(tf.tidy(() => model.predictStyle(sample)));
    } finally {
      sample.dispose();
    }
  }

  private requireModel(): StyleTransferModel {
    if (!this.model) throw new CodedError('not-ready', 'The style models are not loaded yet.');
    return this.model;
  }

  /**
   * WebGPU only: the sizes the adaptive resolution may step to for frames of this shape whose
   * shaders are not compiled yet (each is returned once). Compiling them ahead keeps a step from
   * stalling: measured with `npm run bench -- --size-switch`, the first WebGPU frame at a new size
   * otherwise took up to 1.2 s longer (SwiftShader). On WebGL compiling ahead did not remove the
   * stall (ANGLE builds its pipelines at the first draw); WASM and CPU have nothing to compile.
   */
  private uncompiledSizes(source: Size): Size[] {
    if (this.backend?.name !== 'webgpu' || !this.settings.adaptiveResolution) return [];
    // Per frame this is one comparison: the sizes are worked out only for a new shape or ladder.
    const ladder = this.adaptive.ladder;
    if (this.checkedLadder === ladder && this.checkedSource.width === source.width && this.checkedSource.height === source.height) return [];
    this.checkedLadder = ladder;
    this.checkedSource = source;
    return this.compiledSizes.claim(ladder.map((shortSide) => processingSize(source.width, source.height, shortSide)));
  }

  /** `sizes` are processing sizes of frames from `source`; compiled through the same kernels as a frame. */
  private async precompile(source: Size, sizes: Size[]): Promise<void> {
    const model = this.requireModel();
    await precompileShaders('webgpu', sizes, (size) =>
      this.transform(model, tf.zeros([size.height, size.width, 3]), source, tf.zeros([1, 1, 1, EMBEDDING_LENGTH])),
    );
  }

  /**
   * Runs every shader once at the processing size, from pixel import to the last kernel, so the
   * first camera frame is not the slow one.
   */
  private async warmUp(): Promise<void> {
    const model = this.requireModel();
    const size = processingSize(WARM_UP_ASPECT * this.settings.shortSide, this.settings.shortSide, this.settings.shortSide);
    this.compiledSizes.claim([size]);
    const bitmap = await createImageBitmap(new ImageData(size.width, size.height));
    try {
      const output = tf.tidy(() => this.transform(model, tf.browser.fromPixels(bitmap), size, tf.zeros([1, 1, 1, EMBEDDING_LENGTH])));
      // One readback at load, so "ready" means the shaders really ran. Async: a synchronous read
      // leaves SwiftShader's WebGPU device unable to map buffers afterwards.
      await output.data();
      output.dispose();
    } finally {
      bitmap.close();
    }
  }

  /**
   * The transformer at the frame's processing size, brought to the chosen size. The canvas keeps
   * the chosen size while the adaptive size moves, so a recording of it never changes resolution
   * mid-file; the GPU (or WASM) upscales the smaller frame.
   */
  private transform(model: StyleTransferModel, pixels: tf.Tensor3D, source: Size, embedding: tf.Tensor4D): tf.Tensor3D {
    const [height, width] = pixels.shape;
    const out = model.stylize(pixels, embedding);
    const target = processingSize(source.width, source.height, this.settings.shortSide);
    return target.width === width && target.height === height ? out : (tf.image.resizeBilinear(out, [target.height, target.width]) as tf.Tensor3D);
  }

  /** Imports the frame and submits its work; the returned `done` settles once it is on the canvas. */
  private async stylizeFrame(frame: CameraFrame): Promise<FrameSubmission> {
    const startedAt = performance.now();
    const model = this.requireModel();
    const scaler = this.scaler!;
    const sink = this.sink!;
    let stylized: tf.Tensor3D;
    let size: { width: number; height: number };
    try {
      [stylized, size] = await this.stylizePixels(frame, scaler, model);
    } finally {
      // Released as soon as it is on the backend, so the camera never runs short of buffers.
      frame.close();
    }
    const done = sink.draw(stylized).finally(() => stylized.dispose());
    return { done: done.then(() => this.frameDone(startedAt, size)) };
  }

  private frameDone(startedAt: number, size: Size): void {
    this.lastSize = size;
    const finishedAt = performance.now();
    const ms = this.stats.record(startedAt, finishedAt);
    if (this.settings.adaptiveResolution) this.adaptive.record(ms, finishedAt);
    if (this.contentSample) void this.scheduler?.runExclusive(() => this.refreshContentEmbedding()).catch((error: unknown) => this.events?.onError(toStylizerError(error, 'style-failed')));
  }

  private async stylizePixels(
    frame: CameraFrame,
    scaler: FrameScaler,
    model: StyleTransferModel,
  ): Promise<[tf.Tensor3D, { width: number; height: number }]> {
    const scaled: ScaledFrame = await scaler.scale(frame, this.processingShortSide);
    // A frame shape (or chosen size) not seen before: its other sizes compile between frames.
    const uncompiled = this.uncompiledSizes(scaled.source);
    if (uncompiled.length > 0) {
      void this.scheduler?.runExclusive(() => this.precompile(scaled.source, uncompiled)).catch((error: unknown) => console.warn('Shader precompile failed; those sizes compile on first use.', error));
    }
    try {
      const { width, height } = scaled.pixels;
      const now = performance.now();
      const sampleContent = this.style.wantsContent && now - this.contentSampledAt >= CONTENT_EMBEDDING_INTERVAL_MS;
      const stylized = tf.tidy(() => {
        const pixels = tf.browser.fromPixels(scaled.pixels);
        if (sampleContent) {
          // Kept past this frame for one prediction between frames; the frame itself does not wait for it.
          this.contentSample?.dispose();
          this.contentSample = tf.keep(pixels.clone());
          this.contentSampledAt = now;
        }
        return this.transform(model, pixels, scaled.source, this.style.embeddingAt(now));
      });
      return [stylized, { width, height }];
    } catch (error) {
      if (!scaler.gpuCopy) throw error;
      scaler.useCpuCopy();
      return this.stylizePixels(frame, scaler, model);
    } finally {
      scaled.release();
    }
  }

  private reportStats(): void {
    if (!this.events || !this.backend) return;
    const memory = tf.memory();
    this.events.onStats({
      backend: this.backend.name,
      fps: this.stats.fps(performance.now()),
      msPerFrame: this.stats.meanMs(),
      framesStylized: this.stats.total,
      framesDropped: this.scheduler?.dropped ?? 0,
      recentFrameMs: this.stats.takeRecent(),
      longestGapMs: this.stats.takeLongestGap(),
      tensors: memory.numTensors,
      tensorBytes: memory.numBytes,
      backendBytes: backendMemoryBytes(this.backend.name),
      width: this.lastSize.width,
      height: this.lastSize.height,
      adaptive: this.settings.adaptiveResolution,
      readbacks: this.readbacks?.count ?? null,
    });
  }
}
