/**
 * Quality benchmark page, driven by scripts/quality.mjs: the app's frame pipeline (FrameScaler,
 * the real transformer, the quality chain, the pixel sink) on clips made here, each clip run once
 * per combination of quality stages on exactly the same frames, with every output frame captured.
 */
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_DETAIL, EMBEDDING_SHAPE, OUTPUT_SHORT_SIDES, type BackendName, type EngineName, type NetworkName } from '../../shared/protocol';
import { loadStyleCatalogue } from '../../ui/styles/style-catalogue';
import { startBackend } from '../../worker/backend/backend-setup';
import { processingSize } from '../../worker/geometry/frame-sizes';
import { loadNetwork } from '../load-network';
import type { StyleTransformer } from '../../worker/model/style-transformer';
import { createCanvasSink, type FrameSink } from '../../worker/pipeline/canvas-sinks';
import { FramePipeline } from '../../worker/pipeline/frame-pipeline';
import { FrameScaler } from '../../worker/pipeline/frame-scaler';
import type { CameraImage } from '../../worker/quality/camera-luma';
import { importCameraLuma } from '../../worker/quality/camera-luma';
import { createQualityChain, loadChainPasses } from '../../worker/quality/create-quality-chain';
import { importsYuv, type OutputPasses } from '../../worker/quality/output-passes';
import type { FrameQuality, OutputFrame, PreparedFrame, QualitySettings } from '../../worker/quality/quality-chain';
import type { YuvPicture } from '../../worker/quality/yuv-picture';
import { CLIP_HEIGHT, CLIP_NAMES, CLIP_WIDTH, ClipMaker, DEFAULT_NOISE_SIGMA, cameraFrame, toI420, type ClipName } from './clips';
import { summarizeRun, type CapturedRun } from './quality-figures';

const MODEL_BASE_URL = new URL('models/', document.baseURI).href;

/** Each stage alone, the default, everything; `twin` is the same settings without Reduce flicker. */
const QUALITY_CONFIGS: Record<string, QualitySettings & { twin?: string }> = {
  plain: { reduceFlicker: false, keepColours: false, detail: 0 },
  'reduce-flicker': { reduceFlicker: true, keepColours: false, detail: 0, twin: 'plain' },
  detail: { reduceFlicker: false, keepColours: false, detail: DEFAULT_DETAIL },
  'keep-colours': { reduceFlicker: false, keepColours: true, detail: 0 },
  default: { reduceFlicker: true, keepColours: false, detail: DEFAULT_DETAIL, twin: 'detail' },
  'detail+colours': { reduceFlicker: false, keepColours: true, detail: DEFAULT_DETAIL },
  all: { reduceFlicker: true, keepColours: true, detail: DEFAULT_DETAIL, twin: 'detail+colours' },
};

interface QualityOptions {
  backend: BackendName;
  engine: EngineName;
  /** Which network (the full one when not given, as before there was a choice). */
  network?: NetworkName;
  shortSide: number;
  frames: number;
  styleId: string;
  clips?: ClipName[];
  configs?: string[];
  /** Camera noise σ in levels per RGB channel (4 by default). */
  noiseSigma?: number;
  /** Frame index whose output comes back as a JPEG data URL, per clip and config (-1: none). */
  snapshotFrame: number;
}

type Output = { width: number; height: number };

/**
 * The app's chain for the backend, timed (prepare, finish and present): on WebAssembly and CPU
 * each op runs when called, so this is its real cost.
 */
class TimedChain implements FrameQuality {
  readonly msPerFrame: number[] = [];
  private started = 0;
  private finished = 0;
  private readonly chain: FrameQuality;
  constructor(backendName: string, settings: () => QualitySettings, passes: OutputPasses | null) {
    this.chain = createQualityChain(backendName, settings, null, passes);
  }
  needsCamera(): boolean {
    return this.chain.needsCamera();
  }
  importPixels(image: ImageData | ImageBitmap | YuvPicture): tf.Tensor3D {
    return this.chain.importPixels(image);
  }
  prepare(pixels: tf.Tensor3D, camera: CameraImage | null, keep = true): PreparedFrame {
    const start = performance.now();
    const prepared = this.chain.prepare(pixels, camera, keep);
    this.started = performance.now() - start;
    return prepared;
  }
  finish(stylized: tf.Tensor3D, frame: PreparedFrame, output: Output, keep = true): tf.Tensor3D {
    const start = performance.now();
    const out = this.chain.finish(stylized, frame, output, keep);
    this.finished = performance.now() - start;
    return out;
  }
  present(finished: tf.Tensor3D, output: Output): OutputFrame {
    const start = performance.now();
    const out = this.chain.present(finished, output);
    this.msPerFrame.push(this.started + this.finished + performance.now() - start);
    return out;
  }
  styleChanged(): void {
    this.chain.styleChanged();
  }
  reset(): void {
    this.chain.reset();
  }
  get keptTensors(): number {
    return this.chain.keptTensors;
  }
  dispose(): void {
    this.chain.dispose();
  }
}

/** The app's pixel sink, plus a copy of each frame's values (RGB 0..1) for the figures. */
class CapturingSink implements FrameSink {
  readonly frames: { values: Float32Array; width: number; height: number }[] = [];
  constructor(private readonly inner: FrameSink) {}
  async draw(frame: OutputFrame): Promise<void> {
    if (!(frame instanceof tf.Tensor)) {
      const values = new Float32Array(frame.width * frame.height * 3);
      for (let src = 0, dst = 0; dst < values.length; src += 4, dst += 3) {
        values[dst] = frame.data[src]! / 255;
        values[dst + 1] = frame.data[src + 1]! / 255;
        values[dst + 2] = frame.data[src + 2]! / 255;
      }
      this.frames.push({ values, width: frame.width, height: frame.height });
      return this.inner.draw(frame);
    }
    const [height, width] = frame.shape;
    // Copied before the inner sink takes (and disposes) the tensor.
    const values = (await frame.data()) as Float32Array;
    this.frames.push({ values: values.slice(), width, height });
    await this.inner.draw(frame);
  }
  destroy(): void {
    this.inner.destroy();
  }
}

async function runClip(
  clip: Uint8Array[],
  settings: QualitySettings,
  parts: { transformer: StyleTransformer; embedding: tf.Tensor4D; gpuBackend: boolean; shortSide: number; backendName: string },
): Promise<CapturedRun> {
  const canvas = new OffscreenCanvas(4, 4);
  const sink = new CapturingSink(createCanvasSink('pixels', canvas));
  const passes = await loadChainPasses(parts.backendName);
  const chain = new TimedChain(parts.backendName, () => settings, passes);
  const pipeline = new FramePipeline({
    source: new FrameScaler(parts.gpuBackend, importsYuv(passes?.kind)),
    sink,
    transformer: parts.transformer,
    embedding: { embeddingAt: () => parts.embedding },
    quality: chain,
    sizes: { processing: () => parts.shortSide, output: () => OUTPUT_SHORT_SIDES[0] },
  });
  const frameMs: number[] = [];
  try {
    for (const [index, planes] of clip.entries()) {
      // A fresh frame each time: the pipeline closes what it is given, as it closes camera frames.
      const frame = cameraFrame(planes, index * 66_000);
      const start = performance.now();
      await (await pipeline.submit(frame)).done;
      frameMs.push(performance.now() - start);
    }
  } finally {
    pipeline.dispose();
  }
  return { frames: sink.frames, frameMs, chainMs: chain.msPerFrame };
}

/**
 * What reading the frame at the output size as well adds to the import (Detail needs it): median ms
 * of scale + fromPixels per frame, without and with the output-size copy, alternated.
 */
async function measureCameraImport(clip: Uint8Array[], gpuBackend: boolean, shortSide: number) {
  const scaler = new FrameScaler(gpuBackend);
  const times: Record<'processingOnly' | 'withOutputSize', number[]> = { processingOnly: [], withOutputSize: [] };
  /** The scaling (canvas draw and read, or the Y plane's copy) alone. */
  const steps: Record<'processingOnly' | 'withOutputSize', number[]> = { processingOnly: [], withOutputSize: [] };
  const cameraSteps: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const [index, planes] of clip.entries()) {
      for (const key of ['processingOnly', 'withOutputSize'] as const) {
        const frame = cameraFrame(planes, index);
        const start = performance.now();
        const scaled = await scaler.scale(frame, shortSide, key === 'withOutputSize' ? OUTPUT_SHORT_SIDES[0] : null);
        frame.close();
        const scaledAt = performance.now();
        const tensors = [tf.browser.fromPixels(scaled.pixels)];
        const processingAt = performance.now();
        if (scaled.camera) tensors.push(importCameraLuma(scaled.camera));
        cameraSteps.push(performance.now() - processingAt);
        await Promise.all(tensors.map((tensor) => tensor.data()));
        times[key].push(performance.now() - start);
        steps[key].push(scaledAt - start);
        scaled.release();
        tf.dispose(tensors);
      }
    }
  }
  scaler.destroy();
  return {
    processingOnlyMs: medianOf(times.processingOnly),
    withOutputSizeMs: medianOf(times.withOutputSize),
    scalingOnlyMs: { processingOnly: medianOf(steps.processingOnly), withOutputSize: medianOf(steps.withOutputSize) },
    /** The output-size luma's own import (tensor from the Y plane, rescale), without any read. */
    cameraLumaImportMs: medianOf(cameraSteps.filter((ms) => ms > 0)),
  };
}

const medianOf = (values: number[]) => Number([...values].sort((a, b) => a - b)[values.length >> 1]!.toFixed(2));

function snapshotUrl(frame: { values: Float32Array; width: number; height: number }): Promise<string> {
  const canvas = new OffscreenCanvas(frame.width, frame.height);
  const image = new ImageData(frame.width, frame.height);
  for (let src = 0, dst = 0; src < frame.values.length; src += 3, dst += 4) {
    image.data[dst] = frame.values[src]! * 255;
    image.data[dst + 1] = frame.values[src + 1]! * 255;
    image.data[dst + 2] = frame.values[src + 2]! * 255;
    image.data[dst + 3] = 255;
  }
  canvas.getContext('2d')!.putImageData(image, 0, 0);
  // JPEG: these end up in docs/, where a 640×480 PNG of a painting is half a megabyte.
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 }).then(
    (blob) => new Promise((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as string);
      reader.readAsDataURL(blob);
    }),
  );
}

async function runQuality(options: QualityOptions) {
  const report = await startBackend(options.backend);
  // Warmed up at a 4:3 frame's processing size, as the clips are.
  const transformer = await loadNetwork(options.network ?? 'full', options.engine, report, processingSize(CLIP_WIDTH, CLIP_HEIGHT, options.shortSide));
  const styles = await loadStyleCatalogue(`${MODEL_BASE_URL}styles/styles.json`);
  const style = styles.find((entry) => entry.id === options.styleId) ?? styles[0]!;
  const embedding = tf.tensor4d(style.embedding, EMBEDDING_SHAPE);
  const photo = await createImageBitmap(await (await fetch('/quality-content.jpg')).blob());
  const maker = new ClipMaker(photo, options.noiseSigma);
  const gpuBackend = report.name === 'webgpu' || report.name === 'webgl';
  const parts = { transformer, embedding, gpuBackend, shortSide: options.shortSide, backendName: report.name };
  const configNames = options.configs ?? Object.keys(QUALITY_CONFIGS);
  const results: Record<string, Record<string, unknown>> = {};
  const snapshots: Record<string, string> = {};
  /** Per clip: the plain output's frame-to-frame change on the clip without camera noise. */
  const motionOnlyFlicker: Record<string, number> = {};
  let importCost: Awaited<ReturnType<typeof measureCameraImport>> | null = null;
  const tensorsBefore = tf.memory().numTensors;
  // Every kernel once before anything is timed, as the app's load does.
  await runClip([toI420(maker.frame('still', 0))], QUALITY_CONFIGS.all!, parts);
  for (const clipName of options.clips ?? CLIP_NAMES) {
    const camera = Array.from({ length: options.frames }, (_, index) => maker.frame(clipName, index));
    const frames = camera.map(toI420);
    const runs: Record<string, CapturedRun> = {};
    results[clipName] = {};
    // The same clip without camera noise, unstabilized: how much the output changes from motion alone.
    const clean = Array.from({ length: options.frames }, (_, index) => toI420(maker.frame(clipName, index, false)));
    const motionOnly = summarizeRun(await runClip(clean, QUALITY_CONFIGS.plain!, parts), camera);
    motionOnlyFlicker[clipName] = motionOnly.flicker as number;
    for (const name of configNames) {
      const settings = QUALITY_CONFIGS[name]!;
      runs[name] = await runClip(frames, settings, parts);
      const twin = settings.twin ? runs[settings.twin] : undefined;
      results[clipName][name] = summarizeRun(runs[name], camera, twin, runs.plain);
      const snapshot = runs[name].frames[options.snapshotFrame];
      if (snapshot) snapshots[`${clipName}-${name}`] = await snapshotUrl(snapshot);
    }
    if (clipName === 'still') importCost = await measureCameraImport(frames, gpuBackend, options.shortSide);
  }
  const tensorsAfter = tf.memory().numTensors;
  embedding.dispose();
  transformer.dispose();
  return {
    backend: report.name,
    threads: report.threads,
    engine: options.engine,
    network: options.network ?? 'full',
    style: style.id,
    processingShortSide: options.shortSide,
    noiseSigma: options.noiseSigma ?? DEFAULT_NOISE_SIGMA,
    clip: { width: CLIP_WIDTH, height: CLIP_HEIGHT, frames: options.frames },
    tensorsLeftOver: tensorsAfter - tensorsBefore,
    motionOnlyFlicker,
    /** On the still clip: the import with and without the output-size copy (its `data()` read included on every backend). */
    importCost,
    results,
    snapshots,
  };
}

window.runQuality = runQuality;
document.querySelector('[role=status]')!.textContent = 'Quality benchmark page: ready.';

declare global {
  interface Window {
    runQuality: typeof runQuality;
  }
}
