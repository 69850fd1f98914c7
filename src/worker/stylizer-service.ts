import * as tf from '@tensorflow/tfjs';
import { CodedError, describeError, toStylizerError } from '../shared/errors';
import {
  DEFAULT_SETTINGS,
  EMBEDDING_LENGTH,
  EMBEDDING_SHAPE,
  type BackendReport,
  type CameraFrame,
  type InitOptions,
  type MemoryAtRest,
  type ProcessingSettings,
  type StylizerApi,
  type StylizerEvents,
} from '../shared/protocol';
import { touchesAdaptiveResolution } from '../shared/settings';
import { classifyAdapter } from './backend/backend-ranking';
import { startBackend } from './backend/backend-setup';
import { watchDeviceLoss } from './backend/device-loss';
import { memorySnapshot } from './backend/memory-report';
import { ReadbackCounter } from './backend/readback-counter';
import { loadTransformer, loadTransformerOn } from './model/load-transformer';
import { chooseNetwork, type NetworkChoice } from '../shared/network-choice';
import type { StyleTransformer } from './model/style-transformer';
import { NetworkSwitcher } from './model/network-switcher';
import { AdaptiveResolution } from './pipeline/adaptive-resolution';
import { createCanvasSink } from './pipeline/canvas-sinks';
import { FramePipeline, type FrameResult } from './pipeline/frame-pipeline';
import { FrameScaler } from './pipeline/frame-scaler';
import { FrameStats } from './pipeline/frame-stats';
import { LatestFrameScheduler } from './pipeline/latest-frame-scheduler';
import { outputSize, processingSize, type Size } from './geometry/frame-sizes';
import { SizePrecompiler } from './pipeline/size-precompiler';
import { StageProfile } from './pipeline/stage-profile';
import { createPredictorClient, type PredictorClient } from './predictor/predictor-client';
import { LoadProgressReporter } from './load-progress';
import { validatePipelineDepth, validateSettings, validateWasmThreads } from './settings-validation';
import { createQualityChain } from './quality/create-quality-chain';
import { QualityChain } from './quality/quality-chain';
import { ContentEmbeddingSampler } from './style/content-embedding-sampler';
import { StyleEmbeddingState } from './style/style-embedding-state';

const STATS_INTERVAL_MS = 500;
/**
 * The most common camera frame (VGA), for warming the shaders up at load: its processing size and,
 * since the output keeps the camera's resolution, its output size.
 */
const WARM_UP_SOURCE: Size = { width: 640, height: 480 };

/** The worker side: owns the backend, the transformer, the predictor's worker, the styles and the frame pipeline. */
export class StylizerService implements StylizerApi {
  private backend: BackendReport | null = null;
  private transformer: StyleTransformer | null = null;
  private predictor: PredictorClient | null = null;
  private pipeline: FramePipeline | null = null;
  private scheduler: LatestFrameScheduler<CameraFrame> | null = null;
  private canvas: OffscreenCanvas | null = null;
  private events: StylizerEvents | null = null;
  private settings: ProcessingSettings = { ...DEFAULT_SETTINGS };
  /** Style embeddings by style id: each one is uploaded to the backend once. */
  private readonly embeddings = new Map<string, tf.Tensor4D>();
  private readonly style = new StyleEmbeddingState();
  private readonly content = new ContentEmbeddingSampler(this.style, (bitmap) => this.requirePredictor().predict(bitmap));
  private readonly stats = new FrameStats();
  private readonly stages = new StageProfile();
  /**
   * Owned by the pipeline once it exists; kept here to tell it of style changes and stops. Replaced
   * by the backend's own chain when the pipeline is made.
   */
  private quality = new QualityChain(() => this.settings);
  private statsTimer: ReturnType<typeof setInterval> | null = null;
  private lastSize: Size = { width: 0, height: 0 };
  private memoryAtRest: MemoryAtRest | null = null;
  private readonly adaptive = new AdaptiveResolution({ maxShortSide: DEFAULT_SETTINGS.shortSide, targetFps: DEFAULT_SETTINGS.targetFps });
  private readbacks: ReadbackCounter | null = null;
  private networks: NetworkSwitcher | null = null;
  private precompiler: SizePrecompiler | null = null;
  private disposed = false;

  async init(options: InitOptions, canvas: OffscreenCanvas, events: StylizerEvents): Promise<BackendReport> {
    try {
      if (this.transformer) throw new CodedError('invalid-argument', 'The stylizer is already initialised.');
      validateSettings(options.settings);
      validatePipelineDepth(options.pipelineDepth);
      validateWasmThreads(options.wasmThreads);
      this.settings = { ...DEFAULT_SETTINGS, ...options.settings };
      this.style.setStrength(this.settings.styleStrength);
      this.adaptive.configure({ maxShortSide: this.settings.shortSide, targetFps: this.settings.targetFps });
      this.events = events;
      const progress = new LoadProgressReporter((update) => events.onProgress(update));
      progress.stage('backend');
      const backend = await startBackend(options.backend, options.wasmThreads);
      // Both networks download at once; the predictor loads and warms up in its own worker.
      this.predictor = createPredictorClient();
      const predictorReady = this.predictor.init({ modelBaseUrl: options.modelBaseUrl }, (fraction) => progress.download('predictor', fraction));
      predictorReady.catch(() => {});
      const warmUp = this.warmUpSize();
      const network: NetworkChoice = chooseNetwork(this.settings.network, backend.name);
      const loadOptions = {
        baseUrl: options.modelBaseUrl,
        backend: backend.name,
        threads: backend.threads,
        size: warmUp.size,
        shortSide: this.settings.shortSide,
      };
      const { transformer, choice } = await loadTransformer({
        ...loadOptions,
        network: network.network,
        onProgress: (fraction) => progress.download('transformer', fraction),
        ...(options.engine ? { forcedEngine: options.engine } : {}),
      });
      this.transformer = transformer;
      const gpuBackend = backend.name === 'webgpu' || backend.name === 'webgl';
      const pipelineDepth = options.pipelineDepth ?? (gpuBackend ? 2 : 1);
      this.backend = { ...backend, pipelineDepth, engine: transformer.engine, engineChoice: choice, network: network.network, networkReason: network.reason };
      this.canvas = canvas;
      this.pipeline = this.createPipeline(canvas, gpuBackend);
      progress.stage('warm-up');
      await this.warmUp(this.pipeline);
      // A broken predictor download fails the load too, with the network's name in the message.
      await predictorReady;
      // Its first run goes on beside the first frames, after the engines were timed undisturbed.
      void this.predictor.warmUp().catch(() => {});
      // Counted from here: the warm-up's one read is part of loading, not of the frame path.
      this.readbacks = new ReadbackCounter(tf.engine().backend, backend.name);
      // A lost device fails every later frame; the page replaces this worker with a fresh one.
      watchDeviceLoss(backend.name, (reason) => {
        this.scheduler?.destroy();
        events.onError({ code: 'gpu-lost', message: reason });
      });
      this.scheduler = new LatestFrameScheduler<CameraFrame>({
        targetFps: this.settings.targetFps,
        depth: pipelineDepth,
        process: (frame) => this.submitFrame(frame),
        release: (frame) => frame.close(),
        onError: (error) => this.events?.onError(toStylizerError(error, 'frame-failed')),
        onIdle: () => (this.memoryAtRest = memorySnapshot(backend.name)),
      });
      this.networks = new NetworkSwitcher({
        current: { transformer, ...network },
        // Ready for the adaptive sizes of the warm-up's frame shape (LiteRT compiles a model for each).
        load: (name) => loadTransformerOn(transformer.engine, { ...loadOptions, network: name }, this.adaptive.ladder.map((shortSide) => processingSize(warmUp.source.width, warmUp.source.height, shortSide))),
        between: (job) => this.scheduler!.runExclusive(job),
        use: (next) => this.pipeline!.setTransformer(next),
        fadeMs: () => this.settings.crossfadeMs,
        onError: (error) => events.onError(toStylizerError(error, 'model-load-failed')),
      });
      this.statsTimer = setInterval(() => this.reportStats(), STATS_INTERVAL_MS);
      progress.stage('ready');
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
      tensor = tf.tensor4d(embedding, EMBEDDING_SHAPE);
      if (styleId !== null) this.embeddings.set(styleId, tensor);
    }
    // The first style shows at once: there is nothing to fade from.
    this.style.setTarget(tensor, styleId === null, performance.now(), this.style.hasStyle ? this.settings.crossfadeMs : 0);
    this.quality.styleChanged();
  }

  async dropStyle(styleId: string): Promise<void> {
    const tensor = this.embeddings.get(styleId);
    if (!tensor) return;
    this.embeddings.delete(styleId);
    if (!this.style.adopt(tensor)) tensor.dispose();
  }

  /** Applies only what changed: a new strength must not restart the adaptive resolution's search. */
  async setSettings(settings: Partial<ProcessingSettings>): Promise<void> {
    try {
      validateSettings(settings);
    } catch (error) {
      throw toStylizerError(error);
    }
    const restartAdaptive = touchesAdaptiveResolution(this.settings, settings);
    if (settings.targetFps !== undefined && settings.targetFps !== this.settings.targetFps) this.scheduler?.setTargetFps(settings.targetFps);
    this.settings = { ...this.settings, ...settings };
    if (settings.styleStrength !== undefined) this.style.setStrength(settings.styleStrength);
    if (restartAdaptive) this.adaptive.configure({ maxShortSide: this.settings.shortSide, targetFps: this.settings.targetFps });
    if (settings.network !== undefined && this.backend) this.networks?.choose(chooseNetwork(settings.network, this.backend.name));
  }

  pushFrame(frame: CameraFrame): void {
    if (!this.scheduler || !this.style.hasStyle || this.disposed) {
      frame.close();
      return;
    }
    this.scheduler.offer(frame);
  }

  /** Runs in the predictor's worker, beside the frames: the stream does not wait for it. */
  async predictStyle(image: ImageBitmap): Promise<Float32Array> {
    try {
      return await this.requirePredictor().predict(image);
    } catch (error) {
      image.close();
      throw toStylizerError(error, 'style-failed');
    }
  }

  async pause(): Promise<void> {
    this.scheduler?.clear();
    // The next source starts afresh: without an input reference its first frame clears the rest.
    this.quality.reset();
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

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    if (this.statsTimer !== null) clearInterval(this.statsTimer);
    this.statsTimer = null;
    this.scheduler?.destroy();
    // The frame on the device finishes first; its tensors are then the pipeline's to free.
    await this.scheduler?.idle();
    this.pipeline?.dispose();
    // The networks on screen (one, or two while a switch fades), or the one loaded first.
    if (this.networks) this.networks.dispose();
    else this.transformer?.dispose();
    this.content.dispose();
    this.style.dispose();
    for (const tensor of this.embeddings.values()) tensor.dispose();
    this.embeddings.clear();
    await this.predictor?.destroy();
    this.pipeline = this.transformer = this.predictor = this.scheduler = null;
  }

  private createPipeline(canvas: OffscreenCanvas, gpuBackend: boolean): FramePipeline {
    const backend = this.backend!;
    // On a software adapter (SwiftShader, Chromium 156) presenting a webgpu canvas leaves the device
    // unable to finish any later map or queue wait, so those adapters draw through the 2D canvas.
    const softwareAdapter = classifyAdapter({ description: backend.adapter ?? '' }) === 'software';
    this.quality.dispose();
    this.quality = createQualityChain(backend.name, () => this.settings);
    const pipeline: FramePipeline = new FramePipeline({
      source: new FrameScaler(gpuBackend),
      sink: createCanvasSink(backend.name === 'webgpu' && !softwareAdapter ? 'gpu-texture' : 'pixels', canvas),
      transformer: this.transformer!,
      embedding: this.style,
      quality: this.quality,
      sizes: {
        processing: () => (this.settings.adaptiveResolution ? this.adaptive.shortSide : this.settings.shortSide),
        output: () => this.settings.maxOutputShortSide,
      },
      onScaled: (pixels, source) => {
        this.precompileFor(source);
        return this.content.offer(pixels);
      },
    });
    this.precompiler = new SizePrecompiler({
      backendName: backend.name,
      run: (size, source) => {
        const output = outputSize(source.width, source.height, this.settings.maxOutputShortSide);
        // The camera copy's import compiled at the warm-up (its size is the camera's, not the adaptive one's).
        const camera = pipeline.needsCamera() ? { data: new Uint8Array(output.width * output.height), width: output.width, height: output.height, fullRange: true } : null;
        return pipeline.transform(tf.zeros([size.height, size.width, 3]), camera, source, tf.zeros(EMBEDDING_SHAPE), false);
      },
      networkCompiles: () => pipeline.transformer.prepare !== undefined,
      prepareNetwork: async (size) => pipeline.transformer.prepare?.(size),
    });
    return pipeline;
  }

  /** A VGA camera frame and its processing size at the chosen size. */
  private warmUpSize(): { source: Size; size: Size } {
    const source = WARM_UP_SOURCE;
    return { source, size: processingSize(source.width, source.height, this.settings.shortSide) };
  }

  /** The warm-up runs the chosen size for real; the adaptive sizes below it only compile (WebGPU shaders, LiteRT models). */
  private async warmUp(pipeline: FramePipeline): Promise<void> {
    const { source, size } = this.warmUpSize();
    this.precompiler!.markCompiled([size]);
    await pipeline.warmUp(size, source);
    if (this.settings.adaptiveResolution) await this.precompiler!.compile(source, this.precompiler!.uncompiled(source, this.adaptive.ladder));
  }

  /** A frame shape (or chosen size) not seen before: its other sizes compile between frames. */
  private precompileFor(source: Size): void {
    if (!this.settings.adaptiveResolution || !this.precompiler) return;
    const precompiler = this.precompiler;
    const sizes = precompiler.uncompiled(source, this.adaptive.ladder);
    if (sizes.length === 0) return;
    void this.scheduler
      ?.runExclusive(() => precompiler.compile(source, sizes))
      .catch((error: unknown) => console.warn(`Precompiling sizes failed; those sizes compile on first use: ${describeError(error)}`));
  }

  private async submitFrame(frame: CameraFrame) {
    const submission = await this.pipeline!.submit(frame);
    return { done: submission.done.then((result) => this.frameDone(result)) };
  }

  private frameDone(result: FrameResult): void {
    this.lastSize = result.processed;
    const ms = this.stats.record(result.startedAt, result.finishedAt);
    this.stages.add(result.stages);
    if (this.settings.adaptiveResolution) this.adaptive.record(ms, result.finishedAt);
    this.networks?.frameDone(result.finishedAt);
  }

  private requirePredictor(): PredictorClient {
    if (!this.predictor) throw new CodedError('not-ready', 'The style models are not loaded yet.');
    return this.predictor;
  }

  private reportStats(): void {
    if (!this.events || !this.backend) return;
    this.events.onStats({
      backend: this.backend.name,
      ...this.stats.report(performance.now(), performance.timeOrigin),
      framesDropped: this.scheduler?.dropped ?? 0,
      ...memorySnapshot(this.backend.name),
      memoryAtRest: this.memoryAtRest,
      width: this.lastSize.width,
      height: this.lastSize.height,
      adaptive: this.settings.adaptiveResolution,
      readbacks: this.readbacks?.count ?? null,
      engine: this.backend.engine,
      engineChoice: this.backend.engineChoice,
      stageMs: this.stages.take(),
      network: this.networks?.shown.network ?? this.backend.network,
      networkReason: this.networks?.shown.reason ?? this.backend.networkReason,
      gpuCopyFallback: this.pipeline?.gpuCopyFallback ?? null,
    });
  }
}
