/**
 * Benchmark modes that are not frame-rate rows: the stall of the first frame at a new size
 * (`--size-switch`) and the long run at the default settings (`--soak`).
 */
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_SETTINGS, EMBEDDING_SHAPE } from '../shared/protocol';
import { precompileShaders } from '../worker/backend/shader-precompile';
import { startBackend } from '../worker/backend/backend-setup';
import { createStyleTransformer } from '../worker/model/style-transformer';
import { adaptiveLadder, processingSize, type Size } from '../worker/geometry/frame-sizes';
import { round } from './percentiles';
import { MODEL_BASE_URL, openCamera, sleep, startWorkerPipeline, type BenchOptions } from './worker-harness';

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
export async function runSizeSwitch(options: BenchOptions & { precompile: boolean; stepShortSides?: number[] }) {
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
  // The adaptive ladder's steps below the chosen size, down to its floor (the app's own ladder);
  // the browser test passes its own steps below the ladder's 128 px floor, where SwiftShader is quick.
  const others = (options.stepShortSides ?? adaptiveLadder(options.shortSide).slice(0, -1).reverse()).map(sizeOf);
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

interface SoakOptions extends BenchOptions {
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
export async function runSoak(options: SoakOptions) {
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

