/**
 * Benchmark page, driven by scripts/bench.mjs: the worker pipeline the app uses, then a naive
 * main-thread pipeline (fromPixels -> predict -> dataSync -> draw) on the same camera and backend.
 */
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { DEFAULT_SETTINGS, type BackendName, type StylizerStats } from '../shared/protocol';
import { createStylizerClient, type StylizerClient } from '../ui/stylizer-client';
import { loadStyleCatalogue } from '../ui/style-catalogue';
// The baseline deliberately runs the same model code on the main thread.
import { startBackend } from '../worker/backend-setup';
import { processingSize, type Size } from '../worker/processing-size';
import { precompileShaders } from '../worker/shader-precompile';
import { createStyleTransferModel, type StyleTransferModel } from '../worker/style-transfer-model';
import { percentile, round } from './percentiles';

export interface BenchOptions {
  backend?: BackendName;
  shortSide: number;
  seconds: number;
  /** Forces the worker's pipeline depth; without it the app's own choice. */
  pipelineDepth?: number;
}

const MODEL_BASE_URL = new URL('models/', document.baseURI).href;

function watchLongTasks(): { count(): number; stop(): void } {
  let count = 0;
  const observer = new PerformanceObserver((list) => (count += list.getEntries().length));
  observer.observe({ type: 'longtask', buffered: false });
  return { count: () => count, stop: () => observer.disconnect() };
}

async function openCamera(): Promise<HTMLVideoElement> {
  const video = document.createElement('video');
  video.muted = true;
  video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
  await video.play();
  document.body.append(video);
  return video;
}

/** The app's worker pipeline on the camera, as the app runs it; `stop` ends the frames and the worker. */
async function startWorkerPipeline(video: HTMLVideoElement, options: BenchOptions, targetFps: number, adaptiveResolution: boolean) {
  const canvas = document.createElement('canvas');
  document.body.append(canvas);
  const offscreen = canvas.transferControlToOffscreen();
  const client = createStylizerClient();
  const reports: StylizerStats[] = [];
  const loadStart = performance.now();
  const backend = await client.api.init(
    {
      modelBaseUrl: MODEL_BASE_URL,
      settings: { ...DEFAULT_SETTINGS, targetFps, shortSide: options.shortSide, adaptiveResolution },
      ...(options.backend ? { backend: options.backend } : {}),
      ...(options.pipelineDepth ? { pipelineDepth: options.pipelineDepth } : {}),
    },
    Comlink.transfer(offscreen, [offscreen]),
    Comlink.proxy({ onProgress: () => {}, onStats: (stats: StylizerStats) => void reports.push(stats), onError: (e: unknown) => console.error(e) }),
  );
  const styles = await loadStyleCatalogue(`${MODEL_BASE_URL}styles/styles.json`);
  await client.api.setStyle(styles[0]!.id, styles[0]!.embedding);
  const loadMs = performance.now() - loadStart;
  // Stats arrive every 500 ms; the first one gives the tensor count before any frame.
  while (reports.length === 0) await sleep(50);
  const tensorsAtStart = reports.at(-1)!.tensors;

  let running = true;
  const pumpStart = performance.now();
  const pump = () => {
    if (!running) return;
    client.sendFrame(new VideoFrame(video, { timestamp: performance.now() * 1000 }));
    video.requestVideoFrameCallback(pump);
  };
  video.requestVideoFrameCallback(pump);
  while (!reports.some((r) => r.framesStylized > 0)) await sleep(20);
  const firstFrameMs = performance.now() - pumpStart;
  return {
    client,
    backend,
    styles,
    reports,
    loadMs,
    firstFrameMs,
    tensorsAtStart,
    /** Stops sending frames and waits for a stats report taken with no frame in flight. */
    async idleTensors(): Promise<number> {
      running = false;
      // Idle once no frame has finished for three frame times (a second at least): on a slow
      // backend two frames can still be on the device well after the last one was sent.
      let frames = reports.at(-1)!.framesStylized;
      let quietSince = performance.now();
      for (;;) {
        await sleep(100);
        const latest = reports.at(-1)!;
        if (latest.framesStylized !== frames) {
          frames = latest.framesStylized;
          quietSince = performance.now();
        } else if (performance.now() - quietSince > Math.max(1000, 3 * latest.msPerFrame)) break;
      }
      const seen = reports.length;
      while (reports.length <= seen) await sleep(50);
      const tensors = reports.at(-1)!.tensors;
      running = true;
      video.requestVideoFrameCallback(pump);
      return tensors;
    },
    stop() {
      running = false;
      client.destroy();
      canvas.remove();
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function runWorkerPipeline(video: HTMLVideoElement, options: BenchOptions) {
  // A fixed size: the run measures one processing size, not the adapter's choice.
  const run = await startWorkerPipeline(video, options, 60, false);
  const { reports, backend } = run;
  const measuredFrom = reports.at(-1)!;
  reports.length = 0;
  const longTasks = watchLongTasks();
  await sleep(options.seconds * 1000);
  longTasks.stop();
  await sleep(600);
  const last = reports.at(-1)!;
  const frameMs = reports.flatMap((r) => r.recentFrameMs);
  // Counted with no frame in flight: a frame being drawn holds its output tensor meanwhile.
  const tensorsAtEnd = await run.idleTensors();
  const longestGapMs = Math.max(...reports.map((r) => r.longestGapMs));
  const prediction = await measureStylePrediction(run.client, run.styles[1]!.imageUrl, reports);
  run.stop();
  const frames = last.framesStylized - measuredFrom.framesStylized;
  const readbacks = last.readbacks !== null && measuredFrom.readbacks !== null ? last.readbacks - measuredFrom.readbacks : null;
  return {
    pipeline: 'worker',
    backend: backend.name,
    adapter: backend.adapter ?? null,
    adapterShaderF16: backend.shaderF16 ?? null,
    pipelineDepth: backend.pipelineDepth ?? null,
    resolution: `${last.width}x${last.height}`,
    fps: round(frames / options.seconds, 2),
    msPerFrameP50: round(percentile(frameMs, 50)),
    msPerFrameP95: round(percentile(frameMs, 95)),
    droppedFrames: last.framesDropped - measuredFrom.framesDropped,
    mainThreadLongTasks: longTasks.count(),
    tensorsAtStart: run.tensorsAtStart,
    tensorsAtEnd,
    tensorDrift: tensorsAtEnd - run.tensorsAtStart,
    // null where there is no GPU to read back from (WASM, CPU).
    gpuReadbacksPerFrame: readbacks !== null && frames > 0 ? round(readbacks / frames, 2) : null,
    modelLoadMs: round(run.loadMs, 0),
    firstStylizedFrameMs: round(run.firstFrameMs, 0),
    longestFrameGapMs: round(longestGapMs, 0),
    ...prediction,
  };
}

/** Adds a style from a picture while frames flow: how long it takes and how long the stream stalls. */
async function measureStylePrediction(client: StylizerClient, imageUrl: string, reports: StylizerStats[]) {
  const bitmap = await createImageBitmap(await (await fetch(imageUrl)).blob());
  reports.length = 0;
  const start = performance.now();
  await client.api.predictStyle(Comlink.transfer(bitmap, [bitmap]));
  const stylePredictionMs = performance.now() - start;
  // The stats report after the prediction holds the gap that spans it.
  await new Promise((r) => setTimeout(r, 1100));
  return {
    stylePredictionMs: round(stylePredictionMs, 0),
    longestFrameGapDuringPredictionMs: round(Math.max(...reports.map((r) => r.longestGapMs)), 0),
  };
}

async function runNaivePipeline(video: HTMLVideoElement, options: BenchOptions) {
  const report = await startBackend(options.backend);
  const model = await createStyleTransferModel({ baseUrl: MODEL_BASE_URL });
  const styles = await loadStyleCatalogue(`${MODEL_BASE_URL}styles/styles.json`);
  const embedding = tf.tensor4d(styles[0]!.embedding, [1, 1, 1, 100]);
  const canvas = document.createElement('canvas');
  document.body.append(canvas);
  const size = processingSize(video.videoWidth, video.videoHeight, options.shortSide);
  const tensorsAtStart = tf.memory().numTensors;
  const frameMs: number[] = [];
  const longTasks = watchLongTasks();
  const end = performance.now() + options.seconds * 1000;
  while (performance.now() < end) {
    const start = performance.now();
    const out = tf.tidy(() => {
      const frame = tf.image.resizeBilinear(tf.browser.fromPixels(video), [size.height, size.width]);
      return model.stylize(frame as tf.Tensor3D, embedding);
    });
    out.dataSync();
    await tf.browser.toPixels(out, canvas);
    out.dispose();
    frameMs.push(performance.now() - start);
    // Let the page breathe between frames, as a requestAnimationFrame loop would.
    await new Promise((r) => setTimeout(r, 0));
  }
  longTasks.stop();
  const tensorsAtEnd = tf.memory().numTensors;
  const bare = await runBareExecute(model, embedding, size, options.seconds);
  embedding.dispose();
  model.dispose();
  const naive = {
    pipeline: 'naive-main-thread',
    backend: report.name,
    resolution: `${size.width}x${size.height}`,
    fps: round(frameMs.length / options.seconds, 2),
    msPerFrameP50: round(percentile(frameMs, 50)),
    msPerFrameP95: round(percentile(frameMs, 95)),
    droppedFrames: null,
    mainThreadLongTasks: longTasks.count(),
    tensorsAtStart,
    tensorsAtEnd,
  };
  return { naive, bare };
}

/**
 * The floor the pipeline is measured against: the transformer alone on a tensor already on the
 * backend, at the same size, waiting for each result (on GPUs that read is the only way to wait).
 */
async function runBareExecute(model: StyleTransferModel, embedding: tf.Tensor4D, size: { width: number; height: number }, seconds: number) {
  const input = tf.fill([size.height, size.width, 3], 128) as tf.Tensor3D;
  const frameMs: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const start = performance.now();
    const out = tf.tidy(() => model.stylize(input, embedding));
    await out.data();
    out.dispose();
    frameMs.push(performance.now() - start);
  }
  input.dispose();
  return {
    pipeline: 'bare-execute',
    resolution: `${size.width}x${size.height}`,
    fps: round(frameMs.length / seconds, 2),
    msPerFrameP50: round(percentile(frameMs, 50)),
    msPerFrameP95: round(percentile(frameMs, 95)),
  };
}

/** Shader programs the GPU backend has compiled so far: WebGPU pipelines, WebGL programs. */
function compiledShaderCount(): number | null {
  const backend = tf.engine().backend as unknown as { pipelineCache?: object; binaryCache?: object };
  const cache = backend.pipelineCache ?? backend.binaryCache;
  return cache ? Object.keys(cache).length : null;
}

/**
 * What a step to a new processing size costs: the first frame at each new size (which may compile
 * shaders) against the next one, on a fresh backend, with or without precompiling those sizes.
 */
async function runSizeSwitch(options: BenchOptions & { precompile: boolean }) {
  const report = await startBackend(options.backend);
  const model = await createStyleTransferModel({ baseUrl: MODEL_BASE_URL });
  const embedding = tf.zeros([1, 1, 1, 100]) as tf.Tensor4D;
  const sizeOf = (shortSide: number) => processingSize((shortSide * 4) / 3, shortSide, shortSide);
  const frameMs = async (size: Size) => {
    const start = performance.now();
    const out = tf.tidy(() => model.stylize(tf.fill([size.height, size.width, 3], 128) as tf.Tensor3D, embedding));
    await out.data();
    out.dispose();
    return performance.now() - start;
  };
  const chosen = sizeOf(options.shortSide);
  await frameMs(chosen);
  await frameMs(chosen);
  // The adaptive ladder's steps below the chosen size, down to half of it.
  const others = [0.875, 0.75, 0.625, 0.5].map((f) => sizeOf(Math.round((options.shortSide * f) / 4) * 4));
  const precompileStart = performance.now();
  const precompiled = options.precompile
    ? await precompileShaders(report.name, others, (size) => model.stylize(tf.fill([size.height, size.width, 3], 128) as tf.Tensor3D, embedding))
    : false;
  const precompileMs = performance.now() - precompileStart;
  const shadersBeforeSteps = compiledShaderCount();
  const steps = [];
  for (const size of others) {
    const firstMs = await frameMs(size);
    const nextMs = await frameMs(size);
    steps.push({ resolution: `${size.width}x${size.height}`, firstFrameMs: round(firstMs, 1), nextFrameMs: round(nextMs, 1) });
  }
  embedding.dispose();
  model.dispose();
  return {
    backend: report.name,
    precompiled,
    precompileMs: precompiled ? round(precompileMs, 0) : null,
    // Shader programs the steps had to compile on the way (null where the backend compiles none).
    shadersCompiledDuringSteps: shadersBeforeSteps === null ? null : compiledShaderCount()! - shadersBeforeSteps,
    steps,
    // The stall a step adds: the first frame's extra time, as a mean over the steps.
    meanFirstFrameExtraMs: round(steps.reduce((sum, step) => sum + step.firstFrameMs - step.nextFrameMs, 0) / steps.length, 1),
  };
}

export interface SoakOptions extends BenchOptions {
  sampleSeconds: number;
}

/** JS heap of the page and its workers together; needs cross-origin isolation, which the app has. */
async function measureHeapBytes(): Promise<number | null> {
  const measure = (performance as Performance & { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> }).measureUserAgentSpecificMemory;
  if (!measure || !self.crossOriginIsolated) return null;
  try {
    return (await measure.call(performance)).bytes;
  } catch {
    return null;
  }
}

/**
 * Long run at the app's default settings: samples tensors, backend memory and JS heap, so that a
 * leak shows as a slope.
 */
async function runSoak(options: SoakOptions) {
  const video = await openCamera();
  const run = await startWorkerPipeline(video, options, DEFAULT_SETTINGS.targetFps, DEFAULT_SETTINGS.adaptiveResolution);
  const samples = [];
  const start = performance.now();
  let lastFrames = 0;
  let lastAt = start;
  for (;;) {
    const now = performance.now();
    const stats = run.reports.at(-1)!;
    const heapBytes = await measureHeapBytes();
    samples.push({
      atSeconds: round((now - start) / 1000, 1),
      framesStylized: stats.framesStylized,
      fps: samples.length === 0 ? null : round(((stats.framesStylized - lastFrames) * 1000) / (now - lastAt), 2),
      resolution: `${stats.width}x${stats.height}`,
      tensors: stats.tensors,
      tensorBytes: stats.tensorBytes,
      backendBytes: stats.backendBytes,
      heapBytes,
    });
    lastFrames = stats.framesStylized;
    lastAt = now;
    run.reports.splice(0, run.reports.length - 1);
    if (now - start >= options.seconds * 1000) break;
    await sleep(Math.min(options.sampleSeconds * 1000, start + options.seconds * 1000 - now));
  }
  run.stop();
  (video.srcObject as MediaStream).getTracks().forEach((t) => t.stop());
  const first = samples[1] ?? samples[0]!;
  const last = samples.at(-1)!;
  const heaps = samples.map((sample) => sample.heapBytes).filter((bytes): bytes is number => bytes !== null);
  return {
    backend: run.backend.name,
    seconds: options.seconds,
    framesStylized: last.framesStylized,
    meanFps: round(last.framesStylized / options.seconds, 2),
    // From the second sample on: the first one is taken before the first frames have settled.
    tensorDrift: last.tensors - first.tensors,
    tensorBytesDrift: last.tensorBytes - first.tensorBytes,
    backendBytesDrift: last.backendBytes !== null && first.backendBytes !== null ? last.backendBytes - first.backendBytes : null,
    heapBytesFirst: heaps[1] ?? heaps[0] ?? null,
    heapBytesLast: heaps.at(-1) ?? null,
    heapBytesMax: heaps.length > 0 ? Math.max(...heaps) : null,
    samples,
  };
}

async function runBench(options: BenchOptions) {
  const video = await openCamera();
  const worker = await runWorkerPipeline(video, options);
  // The same pipeline with one frame at a time, to show what overlapping frames gains.
  const unpipelined = worker.pipelineDepth === 2 ? await runWorkerPipeline(video, { ...options, pipelineDepth: 1 }) : null;
  let naive: Awaited<ReturnType<typeof runNaivePipeline>>['naive'] | { pipeline: string; error: string; fps: 0 };
  let bare: Awaited<ReturnType<typeof runNaivePipeline>>['bare'] | { pipeline: string; error: string; fps: 0 };
  try {
    ({ naive, bare } = await runNaivePipeline(video, options));
  } catch (error) {
    // SwiftShader's WebGPU cannot import a <video> as an external texture; the worker's figures still count.
    naive = { pipeline: 'naive-main-thread', error: String(error), fps: 0 };
    bare = { pipeline: 'bare-execute', error: String(error), fps: 0 };
  }
  (video.srcObject as MediaStream).getTracks().forEach((t) => t.stop());
  return {
    worker,
    ...(unpipelined ? { unpipelined: { ...unpipelined, pipeline: 'worker-one-frame-at-a-time' } } : {}),
    naive,
    bare,
    pipeliningGain: unpipelined && unpipelined.fps > 0 ? round(worker.fps / unpipelined.fps, 2) : null,
    workerToNaiveFpsRatio: naive.fps > 0 ? round(worker.fps / naive.fps, 2) : null,
    // How much slower the whole pipeline is than the transformer alone (0.1 = 10%).
    pipelineOverhead: bare.fps > 0 ? round(1 - worker.fps / bare.fps, 3) : null,
  };
}

declare global {
  interface Window {
    runBench: typeof runBench;
    runSoak: typeof runSoak;
    runSizeSwitch: typeof runSizeSwitch;
  }
}
window.runSizeSwitch = runSizeSwitch;
window.runBench = runBench;
window.runSoak = runSoak;
