/**
 * Benchmark page, driven by scripts/bench.mjs: the worker pipeline the app uses, then a naive
 * main-thread pipeline (fromPixels -> predict -> dataSync -> draw) on the same camera and backend.
 */
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { DEFAULT_SETTINGS, EMBEDDING_SHAPE, ENGINE_NAMES, NETWORK_NAMES, type EngineName, type NetworkName } from '../shared/protocol';
import { createStylizerClient, type StylizerClient } from '../ui/connection/stylizer-client';
import { loadStyleCatalogue } from '../ui/styles/style-catalogue';
// The baseline deliberately runs the same model code on the main thread.
import { startBackend } from '../worker/backend/backend-setup';
import { processingSize } from '../worker/geometry/frame-sizes';
import { stylizeOnce } from '../worker/model/engine-selection';
import { loadNetwork } from './load-network';
import type { StyleTransformer } from '../worker/model/style-transformer';
import { percentile, round, timedWindow } from './percentiles';

import {
  MODEL_BASE_URL,
  WARM_UP_FRAMES,
  epochNow,
  framesInWindow,
  openCamera,
  sleep,
  startWorkerPipeline,
  watchLongTasks,
  type BenchOptions,
} from './worker-harness';
import { runSizeSwitch, runSoak } from './long-runs';
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
  // Each report's stage means, weighted by the frames it covers.
  const stageMs: Record<string, number> = {};
  const profiled = windowReports.filter((r) => r.stageMs !== null && r.recentFrameMs.length > 0);
  const profiledFrames = profiled.reduce((sum, r) => sum + r.recentFrameMs.length, 0);
  for (const r of profiled) for (const [stage, ms] of Object.entries(r.stageMs!)) stageMs[stage] = (stageMs[stage] ?? 0) + (ms * r.recentFrameMs.length) / profiledFrames;
  for (const stage of Object.keys(stageMs)) stageMs[stage] = round(stageMs[stage]!);
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
    network: last.network,
    resolution: `${last.width}x${last.height}`,
    fps: round(frames / options.seconds, 2),
    msPerFrameP50: round(percentile(frameMs, 50)),
    msPerFrameP95: round(p95),
    stageMs,
    droppedFrames: last.framesDropped - measuredFrom.framesDropped,
    mainThreadLongTasks: longTasks.count(),
    tensorsAtStart: run.tensorsAtStart,
    tensorsAtEnd,
    tensorDrift: tensorsAtEnd - run.tensorsAtStart,
    // null where there is no GPU to read back from (WASM, CPU).
    gpuReadbacksPerFrame: readbacks !== null && frames > 0 ? round(readbacks / frames, 2) : null,
    gpuCopyFallback: last.gpuCopyFallback,
    frameImport: last.frameImport,
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

async function runNaivePipeline(video: HTMLVideoElement, options: BenchOptions, bareEngine: EngineName, network: NetworkName) {
  const report = await startBackend(options.backend, options.wasmThreads);
  const model = await loadNetwork(network, 'tfjs', report, processingSize(video.videoWidth, video.videoHeight, options.shortSide));
  if (model.engine !== 'tfjs') throw new Error('the naive pipeline runs tfjs');
  const styles = await loadStyleCatalogue(`${MODEL_BASE_URL}styles/styles.json`);
  const embedding = tf.tensor4d(styles[0]!.embedding, EMBEDDING_SHAPE);
  const canvas = document.createElement('canvas');
  document.body.append(canvas);
  const size = processingSize(video.videoWidth, video.videoHeight, options.shortSide);
  const frame = async () => {
    const out = tf.tidy(() => {
      const pixels = tf.image.resizeBilinear(tf.browser.fromPixels(video), [size.height, size.width]);
      return model.stylize(pixels, embedding);
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
  // The bare floor runs the worker's network on the engine the worker ran, with the same threads.
  const bareModel = bareEngine === 'tfjs' ? model : await loadNetwork(network, bareEngine, report, size);
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
    ({ naive, bare } = await runNaivePipeline(video, options, worker.engine, worker.network));
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
 * Each network alone on each engine (tfjs-wasm, ONNX Runtime wasm, LiteRT wasm) with `threads` WebAssembly
 * threads, on a still frame already in memory: what each costs itself, without camera, scaling or
 * drawing. All candidates are warmed up, then take turns (a passing load falls on all alike). One
 * thread count per page (tfjs fixes its pool when its backend starts).
 */
async function runEngineTimes(options: { width: number; height: number; threads: number; runs: number }) {
  const report = await startBackend('wasm', options.threads);
  const size = { width: options.width, height: options.height };
  const frame = tf.fill([size.height, size.width, 3], 128) as tf.Tensor3D;
  const styles = await loadStyleCatalogue(`${MODEL_BASE_URL}styles/styles.json`);
  const embedding = tf.tensor4d(styles[0]!.embedding, EMBEDDING_SHAPE);
  const candidates: { key: string; transformer: StyleTransformer; times: number[] }[] = [];
  for (const network of NETWORK_NAMES) {
    for (const engine of ENGINE_NAMES) candidates.push({ key: `${network}.${engine}`, transformer: await loadNetwork(network, engine, report, size), times: [] });
  }
  for (const candidate of candidates) for (let i = 0; i < WARM_UP_FRAMES; i++) await stylizeOnce(candidate.transformer, frame, embedding);
  for (let i = 0; i < options.runs; i++) {
    for (const candidate of candidates) {
      const start = performance.now();
      await stylizeOnce(candidate.transformer, frame, embedding);
      candidate.times.push(performance.now() - start);
    }
  }
  const results: Record<string, Record<string, { msP50: number; msMin: number; msP95: number; runs: number; prepareMs?: number }>> = { full: {}, fast: {} };
  for (const { key, transformer, times } of candidates) {
    // What a new size costs an engine that builds per size (LiteRT: write and compile a model), at the adaptive step below.
    const next = processingSize(size.width, size.height, Math.round((Math.min(size.width, size.height) * 0.75) / 4) * 4);
    const prepareStart = performance.now();
    await transformer.prepare?.(next);
    const prepareMs = transformer.prepare ? round(performance.now() - prepareStart) : undefined;
    // Deleting a LiteRT model that has compiled a second size blocked this page's main thread for
    // good here (its thread pool waits on the thread it blocks); the app runs LiteRT in its worker
    // only, where it frees them. The page closes after this run anyway.
    if (transformer.engine !== 'litert') transformer.dispose();
    const [network, engine] = key.split('.') as [NetworkName, EngineName];
    results[network]![engine] = { msP50: round(percentile(times, 50)), msMin: round(Math.min(...times)), msP95: round(percentile(times, 95)), runs: times.length, ...(prepareMs === undefined ? {} : { prepareMs }) };
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
