/**
 * Benchmark page, driven by scripts/bench.mjs: the worker pipeline the app uses, then a naive
 * main-thread pipeline (fromPixels -> predict -> dataSync -> draw) on the same camera and backend.
 */
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { DEFAULT_SETTINGS, EMBEDDING_SHAPE, type BackendName, type EngineName, type StylizerStats } from '../shared/protocol';
import { createStylizerClient, type StylizerClient } from '../ui/connection/stylizer-client';
import { loadStyleCatalogue } from '../ui/styles/style-catalogue';
// The baseline deliberately runs the same model code on the main thread.
import { startBackend } from '../worker/backend/backend-setup';
import { processingSize, type Size } from '../worker/pipeline/processing-size';
import { precompileShaders } from '../worker/backend/shader-precompile';
import { loadOnnxRuntime } from '../worker/backend/onnx-runtime';
import { stylizeOnce } from '../worker/model/engine-selection';
import { createOnnxStyleTransformer } from '../worker/model/onnx-style-transformer';
import { createStyleTransformer, type StyleTransformer } from '../worker/model/style-transformer';
import { percentile, round, timedWindow } from './percentiles';

export interface BenchOptions {
  backend?: BackendName;
  shortSide: number;
  seconds: number;
  /** Forces the worker's pipeline depth; without it the app's own choice. */
  pipelineDepth?: number;
  /** Forces the worker's WebAssembly threads; without it the app's own choice (every core). */
  wasmThreads?: number;
  /** Forces the worker's engine; without it the app's own (measured) choice. */
  engine?: EngineName;
}

const MODEL_BASE_URL = new URL('models/', document.baseURI).href;
/** Untimed frames before each main-thread pipeline's clock starts, as the worker's warm-up at load. */
const WARM_UP_FRAMES = 2;

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

/** performance.now() on the page's clock, as the epoch milliseconds the worker reports frame ends in. */
const epochNow = () => performance.timeOrigin + performance.now();

/** The app's worker pipeline on the camera, as the app runs it; `stop` ends the frames and the worker. */
async function startWorkerPipeline(video: HTMLVideoElement, options: BenchOptions, targetFps: number, adaptiveResolution: boolean) {
  const canvas = document.createElement('canvas');
  document.body.append(canvas);
  const offscreen = canvas.transferControlToOffscreen();
  const client = createStylizerClient();
  const reports: StylizerStats[] = [];
  /** Every frame's finish time (epoch ms), from all reports. */
  const frameEnds: number[] = [];
  const loadStart = performance.now();
  const backend = await client.api.init(
    {
      modelBaseUrl: MODEL_BASE_URL,
      settings: { ...DEFAULT_SETTINGS, targetFps, shortSide: options.shortSide, adaptiveResolution },
      ...(options.backend ? { backend: options.backend } : {}),
      ...(options.pipelineDepth ? { pipelineDepth: options.pipelineDepth } : {}),
      ...(options.wasmThreads ? { wasmThreads: options.wasmThreads } : {}),
      ...(options.engine ? { engine: options.engine } : {}),
    },
    Comlink.transfer(offscreen, [offscreen]),
    Comlink.proxy({
      onProgress: () => {},
      onStats: (stats: StylizerStats) => {
        reports.push(stats);
        frameEnds.push(...stats.frameEndTimes);
      },
      onError: (e: unknown) => console.error(e),
    }),
  );
  const styles = await loadStyleCatalogue(`${MODEL_BASE_URL}styles/styles.json`);
  await client.api.setStyle(styles[0]!.id, styles[0]!.embedding);
  const loadMs = performance.now() - loadStart;
  while (reports.length === 0) await sleep(50);

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
  // Where the engine is decided after the first frames (ONNX Runtime loading in the background),
  // the measurements start once it is, and the stall of the switch is reported on its own.
  const firstFrameAt = epochNow();
  const deadline = performance.now() + 60_000;
  while (reports.at(-1)!.engineChoice.how === 'pending' && performance.now() < deadline) await sleep(100);
  const engineDecidedMs = performance.now() - pumpStart;
  const decidedAt = epochNow();
  await sleep(600);
  // Counted once the engine is settled (the engine not chosen, and its weights, are freed then).
  const tensorsAtStart = reports.at(-1)!.memoryAtRest?.tensors ?? reports.at(-1)!.tensors;
  const endsAroundSwitch = frameEnds.filter((end) => end >= firstFrameAt && end <= decidedAt + 600).sort((a, b) => a - b);
  const engineSwitchGapMs = Math.max(0, ...endsAroundSwitch.slice(1).map((end, i) => end - endsAroundSwitch[i]!));
  return {
    client,
    backend,
    styles,
    reports,
    frameEnds,
    loadMs,
    firstFrameMs,
    engineDecidedMs,
    engineSwitchGapMs,
    tensorsAtStart,
    /** Waits until the stats that cover everything up to now have arrived (they come every 500 ms). */
    async flush(): Promise<void> {
      const seen = reports.length;
      while (reports.length < seen + 2) await sleep(50);
    },
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
      return reports.at(-1)!.tensors;
    },
    async stop() {
      running = false;
      // The worker closes the frames it holds before it is terminated.
      await client.destroy();
      canvas.remove();
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Frames whose finish time falls inside [from, to] (epoch ms): exactly the timed window. */
function framesInWindow(frameEnds: readonly number[], from: number, to: number): number[] {
  return frameEnds.filter((end) => end >= from && end <= to);
}

/**
 * A second load in the same page after the first: the engine decision is then read from IndexedDB
 * instead of measured, so this is the load a returning visitor gets.
 */
async function measureRepeatLoad(options: BenchOptions): Promise<{ ms: number; engineChoice: string }> {
  const canvas = document.createElement('canvas');
  const offscreen = canvas.transferControlToOffscreen();
  const client = createStylizerClient();
  const start = performance.now();
  const report = await client.api.init(
    { modelBaseUrl: MODEL_BASE_URL, settings: { ...DEFAULT_SETTINGS, shortSide: options.shortSide }, ...(options.backend ? { backend: options.backend } : {}) },
    Comlink.transfer(offscreen, [offscreen]),
    Comlink.proxy({ onProgress: () => {}, onStats: () => {}, onError: () => {} }),
  );
  const ms = performance.now() - start;
  await client.destroy();
  return { ms: round(ms, 0), engineChoice: report.engineChoice.how };
}

async function runWorkerPipeline(video: HTMLVideoElement, options: BenchOptions) {
  // A fixed size: the run measures one processing size, not the adapter's choice.
  const run = await startWorkerPipeline(video, options, 60, false);
  const { reports, backend } = run;
  // The first prediction after load, while frames flow: the stall a person sees when adding a style.
  const firstPrediction = await measureStylePrediction(run.client, run.styles[1]!.imageUrl, run.frameEnds);
  await run.flush();
  const measuredFrom = reports.at(-1)!;
  const reportsBefore = reports.length;
  const longTasks = watchLongTasks();
  const windowStart = epochNow();
  await sleep(options.seconds * 1000);
  const windowEnd = epochNow();
  longTasks.stop();
  await run.flush();
  const windowReports = reports.slice(reportsBefore);
  const last = windowReports.at(-1)!;
  const frames = framesInWindow(run.frameEnds, windowStart, windowEnd).length;
  const frameMs = windowReports.flatMap((r) => r.recentFrameMs);
  const p95 = percentile(frameMs, 95);
  const secondPrediction = await measureStylePrediction(run.client, run.styles[2]!.imageUrl, run.frameEnds);
  // Counted with no frame in flight: a frame being drawn holds its output tensor meanwhile.
  const tensorsAtEnd = await run.idleTensors();
  await run.stop();
  const readbacks = last.readbacks !== null && measuredFrom.readbacks !== null ? last.readbacks - measuredFrom.readbacks : null;
  const predictionGaps = [firstPrediction.frameGapMs, secondPrediction.frameGapMs];
  return {
    pipeline: 'worker',
    backend: backend.name,
    adapter: backend.adapter ?? null,
    adapterShaderF16: backend.shaderF16 ?? null,
    pipelineDepth: backend.pipelineDepth ?? null,
    threads: backend.threads,
    engine: last.engine,
    engineChoice: last.engineChoice,
    engineDecidedAfterMs: round(run.engineDecidedMs, 0),
    // The longest gap between frames from the first frame until the engine was decided (a swap
    // waits for a gap between frames; a first-time measurement runs there).
    engineSwitchGapMs: round(run.engineSwitchGapMs, 0),
    resolution: `${last.width}x${last.height}`,
    fps: round(frames / options.seconds, 2),
    msPerFrameP50: round(percentile(frameMs, 50)),
    msPerFrameP95: round(p95),
    droppedFrames: last.framesDropped - measuredFrom.framesDropped,
    mainThreadLongTasks: longTasks.count(),
    tensorsAtStart: run.tensorsAtStart,
    tensorsAtEnd,
    tensorDrift: tensorsAtEnd - run.tensorsAtStart,
    // null where there is no GPU to read back from (WASM, CPU).
    gpuReadbacksPerFrame: readbacks !== null && frames > 0 ? round(readbacks / frames, 2) : null,
    gpuCopyFallback: last.gpuCopyFallback,
    modelLoadMs: round(run.loadMs, 0),
    firstStylizedFrameMs: round(run.firstFrameMs, 0),
    longestFrameGapMs: round(Math.max(0, ...windowReports.map((r) => r.longestGapMs)), 0),
    stylePredictionMs: firstPrediction.predictionMs,
    secondStylePredictionMs: secondPrediction.predictionMs,
    longestFrameGapDuringPredictionMs: round(Math.max(...predictionGaps), 0),
    firstPredictionFrameGapMs: firstPrediction.frameGapMs,
    secondPredictionFrameGapMs: secondPrediction.frameGapMs,
    // The target: a prediction costs the stream at most about one frame (gap ≤ 2 × p95 frame time).
    predictionGapWithinTarget: Math.max(...predictionGaps) <= 2 * p95,
  };
}

/**
 * Adds a style from a picture while frames flow: how long it takes, and the longest time between
 * two drawn frames around it (the interval that contains its start, its end, or lies between).
 */
async function measureStylePrediction(client: StylizerClient, imageUrl: string, frameEnds: number[]) {
  const bitmap = await createImageBitmap(await (await fetch(imageUrl)).blob());
  const start = epochNow();
  await client.api.predictStyle(Comlink.transfer(bitmap, [bitmap]));
  const end = epochNow();
  // Frames keep coming (they should): wait for the first two after the prediction to be reported.
  const deadline = performance.now() + 15_000;
  while (frameEnds.filter((t) => t > end).length < 2 && performance.now() < deadline) await sleep(50);
  const ends = frameEnds.filter((t) => t <= end + 5000).sort((a, b) => a - b);
  let gap = 0;
  for (let i = 1; i < ends.length; i++) {
    const [a, b] = [ends[i - 1]!, ends[i]!];
    if (b >= start && a <= end) gap = Math.max(gap, b - a);
  }
  return { predictionMs: round(end - start, 0), frameGapMs: round(gap, 0) };
}

async function runNaivePipeline(video: HTMLVideoElement, options: BenchOptions, bareEngine: EngineName) {
  const report = await startBackend(options.backend, options.wasmThreads);
  const model = await createStyleTransformer({ baseUrl: MODEL_BASE_URL });
  const styles = await loadStyleCatalogue(`${MODEL_BASE_URL}styles/styles.json`);
  const embedding = tf.tensor4d(styles[0]!.embedding, EMBEDDING_SHAPE);
  const canvas = document.createElement('canvas');
  document.body.append(canvas);
  const size = processingSize(video.videoWidth, video.videoHeight, options.shortSide);
  const frame = async () => {
    const out = tf.tidy(() => {
      const pixels = tf.image.resizeBilinear(tf.browser.fromPixels(video), [size.height, size.width]);
      return model.stylize(pixels as tf.Tensor3D, embedding);
    });
    out.dataSync();
    await tf.browser.toPixels(out, canvas);
    out.dispose();
  };
  // Warmed up like the worker (which runs its transformer once at load) before the clock starts.
  for (let i = 0; i < WARM_UP_FRAMES; i++) await frame();
  const tensorsAtStart = tf.memory().numTensors;
  const longTasks = watchLongTasks();
  // Only frames that finished inside the window count; the page breathes between frames, as a requestAnimationFrame loop would.
  const { frames, frameMs } = await timedWindow(options.seconds, frame, () => new Promise((r) => setTimeout(r, 0)));
  longTasks.stop();
  const tensorsAtEnd = tf.memory().numTensors;
  // The bare floor runs on the engine the worker ran, with the same threads.
  const bareModel = bareEngine === 'onnx' ? await createOnnxStyleTransformer(await loadOnnxRuntime(report.threads ?? 1), `${MODEL_BASE_URL}onnx/style-transformer.onnx`) : model;
  const bare = await runBareExecute(bareModel, embedding, size, options.seconds);
  if (bareModel !== model) bareModel.dispose();
  embedding.dispose();
  model.dispose();
  const naive = {
    pipeline: 'naive-main-thread',
    backend: report.name,
    resolution: `${size.width}x${size.height}`,
    fps: round(frames / options.seconds, 2),
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
async function runBareExecute(model: StyleTransformer, embedding: tf.Tensor4D, size: { width: number; height: number }, seconds: number) {
  const input = tf.fill([size.height, size.width, 3], 128) as tf.Tensor3D;
  const run = () => stylizeOnce(model, input, embedding);
  for (let i = 0; i < WARM_UP_FRAMES; i++) await run();
  const { frames, frameMs } = await timedWindow(seconds, run);
  input.dispose();
  return {
    pipeline: 'bare-execute',
    engine: model.engine,
    resolution: `${size.width}x${size.height}`,
    fps: round(frames / seconds, 2),
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
  const report = await startBackend(options.backend, options.wasmThreads);
  const model = await createStyleTransformer({ baseUrl: MODEL_BASE_URL });
  const embedding = tf.zeros(EMBEDDING_SHAPE) as tf.Tensor4D;
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
  await run.stop();
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

async function runBench(options: BenchOptions & { workerOnly?: boolean }) {
  const video = await openCamera();
  const worker = await runWorkerPipeline(video, options);
  if (options.workerOnly) {
    (video.srcObject as MediaStream).getTracks().forEach((t) => t.stop());
    return { worker };
  }
  const repeatLoad = options.engine ? null : await measureRepeatLoad(options);
  // The same pipeline with one frame at a time, to show what overlapping frames gains.
  const unpipelined = worker.pipelineDepth === 2 ? await runWorkerPipeline(video, { ...options, pipelineDepth: 1 }) : null;
  // The same pipeline as before this round's engine work: tfjs on one WebAssembly thread (tfjs's own
  // default on a 2-core machine), to show what every core and the faster engine add together.
  const oneThread = (worker.threads ?? 1) > 1 ? await runWorkerPipeline(video, { ...options, wasmThreads: 1, engine: 'tfjs' }) : null;
  let naive: Awaited<ReturnType<typeof runNaivePipeline>>['naive'] | { pipeline: string; error: string; fps: 0 };
  let bare: Awaited<ReturnType<typeof runNaivePipeline>>['bare'] | { pipeline: string; error: string; fps: 0 };
  try {
    ({ naive, bare } = await runNaivePipeline(video, options, worker.engine));
  } catch (error) {
    // SwiftShader's WebGPU cannot import a <video> as an external texture; the worker's figures still count.
    naive = { pipeline: 'naive-main-thread', error: String(error), fps: 0 };
    bare = { pipeline: 'bare-execute', error: String(error), fps: 0 };
  }
  (video.srcObject as MediaStream).getTracks().forEach((t) => t.stop());
  return {
    worker: { ...worker, repeatLoadMs: repeatLoad?.ms ?? null, repeatLoadEngineChoice: repeatLoad?.engineChoice ?? null },
    ...(unpipelined ? { unpipelined: { ...unpipelined, pipeline: 'worker-one-frame-at-a-time' } } : {}),
    ...(oneThread ? { oneThread: { ...oneThread, pipeline: 'worker-one-wasm-thread' } } : {}),
    naive,
    bare,
    pipeliningGain: unpipelined && unpipelined.fps > 0 ? round(worker.fps / unpipelined.fps, 2) : null,
    workerToNaiveFpsRatio: naive.fps > 0 ? round(worker.fps / naive.fps, 2) : null,
    // How much slower the whole pipeline is than the transformer alone (0.1 = 10%).
    pipelineOverhead: bare.fps > 0 ? round(1 - worker.fps / bare.fps, 3) : null,
  };
}

/**
 * The transformer alone on each engine (tfjs-wasm, ONNX Runtime wasm) with `threads` WebAssembly
 * threads, on a still frame already in memory: what each engine itself costs, without camera,
 * scaling or drawing. One thread count per page (tfjs fixes its pool when its backend starts).
 */
async function runEngineTimes(options: { shortSide: number; threads: number; runs: number }) {
  const report = await startBackend('wasm', options.threads);
  const size = processingSize((options.shortSide * 4) / 3, options.shortSide, options.shortSide);
  const frame = tf.fill([size.height, size.width, 3], 128) as tf.Tensor3D;
  const styles = await loadStyleCatalogue(`${MODEL_BASE_URL}styles/styles.json`);
  const embedding = tf.tensor4d(styles[0]!.embedding, EMBEDDING_SHAPE);
  const engines: StyleTransformer[] = [
    await createStyleTransformer({ baseUrl: MODEL_BASE_URL }),
    await createOnnxStyleTransformer(await loadOnnxRuntime(report.threads ?? 1), `${MODEL_BASE_URL}onnx/style-transformer.onnx`),
  ];
  const results: Record<string, unknown> = {};
  for (const engine of engines) {
    const once = () => stylizeOnce(engine, frame, embedding);
    for (let i = 0; i < WARM_UP_FRAMES; i++) await once();
    const times: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      const start = performance.now();
      await once();
      times.push(performance.now() - start);
    }
    engine.dispose();
    results[engine.engine] = { msP50: round(percentile(times, 50)), msMin: round(Math.min(...times)), msP95: round(percentile(times, 95)), runs: times.length };
  }
  tf.dispose([frame, embedding]);
  return { resolution: `${size.width}x${size.height}`, threads: report.threads, ...results };
}

declare global {
  interface Window {
    runEngineTimes: typeof runEngineTimes;
    runBench: typeof runBench;
    runSoak: typeof runSoak;
    runSizeSwitch: typeof runSizeSwitch;
  }
}
window.runSizeSwitch = runSizeSwitch;
window.runBench = runBench;
window.runEngineTimes = runEngineTimes;
window.runSoak = runSoak;
