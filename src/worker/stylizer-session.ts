import * as tf from '@tensorflow/tfjs';
import { CodedError, describeError, toStylizerError } from '../shared/errors';
import { chooseNetwork, type NetworkChoice } from '../shared/network-choice';
import { EMBEDDING_SHAPE, type BackendReport, type CameraFrame, type FrameImportPath, type MemoryAtRest, type ProcessingSettings, type StylizerEvents, type StylizerStats } from '../shared/protocol';
import { touchesAdaptiveResolution } from '../shared/settings';
import { classifyAdapter } from './backend/backend-ranking';
import { watchDeviceLoss } from './backend/device-loss';
import { memorySnapshot } from './backend/memory-report';
import { ReadbackCounter } from './backend/readback-counter';
import { outputSize, processingSize, type Size } from './geometry/frame-sizes';
import { loadTransformerOn, type TransformerLoadOptions } from './model/load-transformer';
import { NetworkSwitcher } from './model/network-switcher';
import { loadPersonSegmenter } from './model/load-person-segmenter';
import type { StyleTransformer } from './model/style-transformer';
import { AdaptiveResolution } from './pipeline/adaptive-resolution';
import { createCanvasSink, type FrameSink } from './pipeline/canvas-sinks';
import { FramePipeline, type FrameResult, type FrameSource } from './pipeline/frame-pipeline';
import { FrameScaler } from './pipeline/frame-scaler';
import { FrameStats } from './pipeline/frame-stats';
import { LatestFrameScheduler } from './pipeline/latest-frame-scheduler';
import { SizePrecompiler } from './pipeline/size-precompiler';
import { StageProfile } from './pipeline/stage-profile';
import type { PredictorClient } from './predictor/predictor-client';
import { createQualityChain } from './quality/create-quality-chain';
import { importsYuv, type OutputPasses } from './quality/output-passes';
import type { QualityChain } from './quality/quality-chain';
import { RegionMask, segmentEvery } from './quality/region-mask';
import { PersonSegmentation } from './person-segmentation';
import { ContentEmbeddingSampler } from './style/content-embedding-sampler';
import type { StyleEmbeddingState } from './style/style-embedding-state';

const STATS_INTERVAL_MS = 500;
/**
 * The most common camera frame (VGA), for warming the kernels up at load: its processing size and,
 * since the output keeps the camera's resolution, its output size.
 */
export const WARM_UP_SOURCE: Size = { width: 640, height: 480 };

/** The camera frames' way in (scaled for the backend) and the stylized frames' way out, for a backend. */
export function frameEnds(report: BackendReport, canvas: OffscreenCanvas): { source: FrameSource; sink: FrameSink } {
  const gpuBackend = report.name === 'webgpu' || report.name === 'webgl';
  // On a software adapter (SwiftShader, Chromium 156) presenting a webgpu canvas leaves the device
  // unable to finish any later map or queue wait, so those adapters draw through the 2D canvas.
  const softwareAdapter = classifyAdapter({ description: report.adapter ?? '' }) === 'software';
  // The kernels import YUV camera frames themselves, without a canvas draw.
  return { source: new FrameScaler(gpuBackend, importsYuv(report.outputPasses)), sink: createCanvasSink(report.name === 'webgpu' && !softwareAdapter ? 'gpu-texture' : 'pixels', canvas) };
}

/** What a session is made of once the backend, the predictor and the first network are loaded. */
interface SessionParts {
  report: BackendReport;
  transformer: StyleTransformer;
  network: NetworkChoice;
  /** How the network was loaded: a switch of network loads the other one the same way. */
  loadOptions: Omit<TransformerLoadOptions, 'network'>;
  predictor: PredictorClient;
  /** The quality chain's output passes on CPU-side backends (the chain owns them), else null. */
  outputPasses: OutputPasses | null;
  /** Where frames come from and go to (the session owns and destroys both); see `frameEnds`. */
  source: FrameSource;
  sink: FrameSink;
  /** The output canvas, for snapshots. */
  canvas: OffscreenCanvas;
  events: StylizerEvents;
  /** The service's settings, read afresh for every frame. */
  settings: () => ProcessingSettings;
  /** Borrowed: the service owns the style state (styles may arrive before a session exists). */
  style: StyleEmbeddingState;
  /** Borrowed too: the background's style in the Person and background mode. */
  backgroundStyle: StyleEmbeddingState;
}

/**
 * One loaded stylizer: the backend's frame path (pipeline, scheduler, precompiler), the networks
 * and the predictor's worker, all present from construction to `dispose` (nothing here is null).
 * Built by `loadSession`, which warms it up and then calls `start`.
 */
export class StylizerSession {
  readonly report: BackendReport;
  readonly predictor: PredictorClient;
  private readonly quality: QualityChain;
  private readonly people: PersonSegmentation;
  private readonly regions: RegionMask;
  private readonly adaptive: AdaptiveResolution;
  private readonly pipeline: FramePipeline;
  private readonly precompiler: SizePrecompiler;
  private readonly scheduler: LatestFrameScheduler<CameraFrame>;
  private readonly networks: NetworkSwitcher;
  private readonly content: ContentEmbeddingSampler;
  private readonly readbacks: ReadbackCounter;
  private readonly stats = new FrameStats();
  private readonly stages = new StageProfile();
  private lastSize: Size = { width: 0, height: 0 };
  private lastImport: FrameImportPath | null = null;
  private memoryAtRest: MemoryAtRest | null = null;
  private statsTimer: ReturnType<typeof setInterval> | null = null;
  private stopWatchingDevice: () => void = () => {};
  private disposed = false;

  constructor(private readonly parts: SessionParts) {
    const { report, settings } = parts;
    this.report = report;
    this.predictor = parts.predictor;
    const initial = settings();
    this.adaptive = new AdaptiveResolution({ maxShortSide: initial.shortSide, targetFps: initial.targetFps });
    this.people = new PersonSegmentation(() => loadPersonSegmenter(parts.transformer.engine, parts.loadOptions));
    this.people.want(initial.stylize);
    // The chain's kernels refine the mask where it has them (the chain owns both).
    // On a still scene the mask is worked out less often (the chain knows from Reduce flicker's motion).
    this.regions = new RegionMask(
      () => settings().stylize,
      (pixels) => this.people.segment(pixels),
      segmentEvery(report.name),
      parts.outputPasses?.refiner ?? undefined,
      () => this.quality.sceneStill,
    );
    this.quality = createQualityChain(report.name, settings, this.regions, parts.outputPasses);
    this.content = new ContentEmbeddingSampler(parts.style, (bitmap) => this.predictor.predict(bitmap));
    this.pipeline = this.createPipeline();
    this.precompiler = new SizePrecompiler({
      backendName: report.name,
      run: (size, source) => {
        const output = outputSize(source.width, source.height, settings().maxOutputShortSide);
        // The camera copy's import compiled at the warm-up (its size is the camera's, not the adaptive one's).
        const camera = this.pipeline.needsCamera() ? { data: new Uint8Array(output.width * output.height), width: output.width, height: output.height, fullRange: true } : null;
        return this.pipeline.transform(tf.zeros([size.height, size.width, 3]), camera, source, tf.zeros(EMBEDDING_SHAPE), false);
      },
      networkCompiles: () => this.pipeline.transformer.prepare !== undefined,
      prepareNetwork: async (size) => this.pipeline.transformer.prepare?.(size),
    });
    // Counted from the first frame on: the warm-up's reads are part of loading.
    this.readbacks = new ReadbackCounter(tf.engine().backend, report.name);
    this.scheduler = new LatestFrameScheduler<CameraFrame>({
      targetFps: initial.targetFps,
      depth: report.pipelineDepth,
      process: (frame) => this.submitFrame(frame),
      release: (frame) => frame.close(),
      onError: (error) => parts.events.onError(toStylizerError(error, 'frame-failed')),
      onIdle: () => (this.memoryAtRest = { ...memorySnapshot(report.name), afterFrames: this.stats.total }),
    });
    const warmUpSource = WARM_UP_SOURCE;
    this.networks = new NetworkSwitcher({
      current: { transformer: parts.transformer, ...parts.network },
      // Ready for the adaptive sizes of the warm-up's frame shape (LiteRT compiles a model for each).
      load: (name) =>
        loadTransformerOn(
          parts.transformer.engine,
          { ...parts.loadOptions, network: name },
          this.adaptive.ladder.map((shortSide) => processingSize(warmUpSource.width, warmUpSource.height, shortSide)),
        ),
      between: (job) => this.scheduler.runExclusive(job),
      use: (next) => this.pipeline.setTransformer(next),
      fadeMs: () => settings().crossfadeMs,
      onError: (error) => parts.events.onError(toStylizerError(error, 'model-load-failed')),
    });
  }

  /** Runs the chosen size for real, so the first camera frame is not the slow one; the adaptive sizes below it only compile. */
  async warmUp(): Promise<void> {
    const settings = this.parts.settings();
    const source = WARM_UP_SOURCE;
    const size = processingSize(source.width, source.height, settings.shortSide);
    this.precompiler.markCompiled([size]);
    await this.pipeline.warmUp(size, source);
    if (settings.adaptiveResolution) await this.precompiler.compile(source, this.precompiler.uncompiled(source, this.adaptive.ladder));
  }

  /** Frames may come from here on: stats every 500 ms, readbacks counted, a lost device reported. */
  start(): void {
    this.readbacks.restart();
    // A lost device fails every later frame; the page replaces this worker with a fresh one.
    this.stopWatchingDevice = watchDeviceLoss(this.report.name, (reason) => {
      this.scheduler.destroy();
      this.parts.events.onError({ code: 'gpu-lost', message: reason });
    });
    this.statsTimer = setInterval(() => this.reportStats(), STATS_INTERVAL_MS);
  }

  push(frame: CameraFrame): void {
    if (this.disposed) frame.close();
    else this.scheduler.offer(frame);
  }

  /** A new style: the previous output's strokes must not linger in the new one. */
  styleChanged(): void {
    this.quality.styleChanged();
  }

  /** Called with the settings before and the change, after the service has applied it. */
  settingsChanged(before: ProcessingSettings, change: Partial<ProcessingSettings>): void {
    const settings = this.parts.settings();
    if (change.targetFps !== undefined && change.targetFps !== before.targetFps) this.scheduler.setTargetFps(change.targetFps);
    if (touchesAdaptiveResolution(before, change)) this.adaptive.configure({ maxShortSide: settings.shortSide, targetFps: settings.targetFps });
    if (change.network !== undefined) this.networks.choose(chooseNetwork(change.network, this.report.name));
    if (change.stylize !== undefined) this.people.want(change.stylize);
  }

  async pause(): Promise<void> {
    this.scheduler.clear();
    // The next source starts afresh: without an input reference its first frame clears the rest.
    this.quality.reset();
    this.stats.reset();
    this.reportStats();
  }

  async snapshot(): Promise<Blob> {
    if (this.stats.total === 0) throw new CodedError('not-ready', 'There is no stylized frame yet.');
    // The page's <canvas> only mirrors this one: its own pixels cannot be read.
    return this.parts.canvas.convertToBlob({ type: 'image/png' });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    if (this.statsTimer !== null) clearInterval(this.statsTimer);
    this.stopWatchingDevice();
    this.scheduler.destroy();
    // The frame on the device finishes first; its tensors are then the pipeline's to free.
    await this.scheduler.idle();
    this.pipeline.dispose();
    // The networks on screen: one, or two while a switch fades.
    this.networks.dispose();
    this.content.dispose();
    await this.people.dispose();
    await this.predictor.destroy();
  }

  private createPipeline(): FramePipeline {
    const { settings } = this.parts;
    return new FramePipeline({
      source: this.parts.source,
      sink: this.parts.sink,
      transformer: this.parts.transformer,
      embedding: this.parts.style,
      // Person and background: a second network run with the background's style, once it has one.
      background: {
        active: () => settings().stylize === 'both' && this.parts.backgroundStyle.hasStyle && this.people.state.state === 'ready',
        embeddingAt: (now) => this.parts.backgroundStyle.embeddingAt(now),
      },
      quality: this.quality,
      // On LiteRT the mask is worked out before the frame's chain asks for it.
      segmentAhead: (pixels) => (this.regions.segmentsNextFrame ? this.people.segmentAhead(pixels) : Promise.resolve()),
      sizes: {
        processing: () => (settings().adaptiveResolution ? this.adaptive.shortSide : settings().shortSide),
        output: () => settings().maxOutputShortSide,
      },
      onScaled: (snapshot, source) => {
        this.precompileFor(source);
        return this.content.offer(snapshot);
      },
    });
  }

  /** A frame shape (or chosen size) not seen before: its other sizes compile between frames. */
  private precompileFor(source: Size): void {
    if (!this.parts.settings().adaptiveResolution) return;
    const sizes = this.precompiler.uncompiled(source, this.adaptive.ladder);
    if (sizes.length === 0) return;
    void this.scheduler
      .runExclusive(() => this.precompiler.compile(source, sizes))
      .catch((error: unknown) => console.warn(`Precompiling sizes failed; those sizes compile on first use: ${describeError(error)}`));
  }

  private async submitFrame(frame: CameraFrame) {
    const submission = await this.pipeline.submit(frame);
    return { done: submission.done.then((result) => this.frameDone(result)) };
  }

  private frameDone(result: FrameResult): void {
    this.lastSize = result.processed;
    this.lastImport = result.imported;
    const ms = this.stats.record(result.startedAt, result.finishedAt);
    this.stages.add(result.stages);
    if (this.parts.settings().adaptiveResolution) this.adaptive.record(ms, result.finishedAt);
    this.networks.frameDone(result.finishedAt);
  }

  private reportStats(): void {
    const { report } = this;
    const stats: StylizerStats = {
      backend: report.name,
      ...this.stats.report(performance.now(), performance.timeOrigin),
      framesDropped: this.scheduler.dropped,
      ...memorySnapshot(report.name),
      memoryAtRest: this.memoryAtRest,
      width: this.lastSize.width,
      height: this.lastSize.height,
      adaptive: this.parts.settings().adaptiveResolution,
      readbacks: this.readbacks.count,
      engine: report.engine,
      engineChoice: report.engineChoice,
      stageMs: this.stages.take(),
      network: this.networks.shown.network,
      networkReason: this.networks.shown.reason,
      gpuCopyFallback: this.pipeline.gpuCopyFallback,
      frameImport: this.lastImport,
      personMask: this.people.state,
      twoStyles: this.pipeline.runsTwice,
    };
    this.parts.events.onStats(stats);
  }
}
