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
import { processingSize } from '../worker/processing-size';
import { createStyleTransferModel } from '../worker/style-transfer-model';
import { percentile, round } from './percentiles';

export interface BenchOptions {
  backend?: BackendName;
  shortSide: number;
  seconds: number;
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

async function runWorkerPipeline(video: HTMLVideoElement, options: BenchOptions) {
  const canvas = document.createElement('canvas');
  document.body.append(canvas);
  const offscreen = canvas.transferControlToOffscreen();
  const client = createStylizerClient();
  const reports: StylizerStats[] = [];
  const loadStart = performance.now();
  const backend = await client.api.init(
    { modelBaseUrl: MODEL_BASE_URL, settings: { ...DEFAULT_SETTINGS, targetFps: 60, shortSide: options.shortSide }, ...(options.backend ? { backend: options.backend } : {}) },
    Comlink.transfer(offscreen, [offscreen]),
    Comlink.proxy({ onProgress: () => {}, onStats: (stats: StylizerStats) => void reports.push(stats), onError: (e: unknown) => console.error(e) }),
  );
  const styles = await loadStyleCatalogue(`${MODEL_BASE_URL}styles/styles.json`);
  await client.api.setStyle(styles[0]!.id, styles[0]!.embedding);
  const loadMs = performance.now() - loadStart;
  // Stats arrive every 500 ms; the first one gives the tensor count before any frame.
  while (reports.length === 0) await new Promise((r) => setTimeout(r, 50));
  const tensorsAtStart = reports.at(-1)!.tensors;

  let running = true;
  let firstFrameMs = 0;
  const pumpStart = performance.now();
  const pump = () => {
    if (!running) return;
    client.sendFrame(new VideoFrame(video, { timestamp: performance.now() * 1000 }));
    video.requestVideoFrameCallback(pump);
  };
  video.requestVideoFrameCallback(pump);
  while (!reports.some((r) => r.framesStylized > 0)) await new Promise((r) => setTimeout(r, 20));
  firstFrameMs = performance.now() - pumpStart;
  const measuredFrom = reports.at(-1)!;
  reports.length = 0;
  const longTasks = watchLongTasks();
  await new Promise((r) => setTimeout(r, options.seconds * 1000));
  longTasks.stop();
  await new Promise((r) => setTimeout(r, 600));
  const last = reports.at(-1)!;
  const frameMs = reports.flatMap((r) => r.recentFrameMs);
  const longestGapMs = Math.max(...reports.map((r) => r.longestGapMs));
  const prediction = await measureStylePrediction(client, styles[1]!.imageUrl, reports);
  running = false;
  client.destroy();
  canvas.remove();
  const frames = last.framesStylized - measuredFrom.framesStylized;
  return {
    pipeline: 'worker',
    backend: backend.name,
    resolution: `${last.width}x${last.height}`,
    fps: round(frames / options.seconds, 2),
    msPerFrameP50: round(percentile(frameMs, 50)),
    msPerFrameP95: round(percentile(frameMs, 95)),
    droppedFrames: last.framesDropped - measuredFrom.framesDropped,
    mainThreadLongTasks: longTasks.count(),
    tensorsAtStart,
    tensorsAtEnd: last.tensors,
    modelLoadMs: round(loadMs, 0),
    firstStylizedFrameMs: round(firstFrameMs, 0),
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
  embedding.dispose();
  model.dispose();
  return {
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
}

async function runBench(options: BenchOptions) {
  const video = await openCamera();
  const worker = await runWorkerPipeline(video, options);
  const naive = await runNaivePipeline(video, options);
  (video.srcObject as MediaStream).getTracks().forEach((t) => t.stop());
  return { worker, naive, workerToNaiveFpsRatio: naive.fps > 0 ? round(worker.fps / naive.fps, 2) : null };
}

declare global {
  interface Window {
    runBench: typeof runBench;
  }
}
window.runBench = runBench;
