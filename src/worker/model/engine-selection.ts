import * as tf from '@tensorflow/tfjs';
import { describeError } from '../../shared/errors';
import { EMBEDDING_SHAPE, type BackendName, type EngineChoice, type EngineName } from '../../shared/protocol';
import type { OnnxStyleTransformer, StyleTransformer, TfjsStyleTransformer } from './style-transformer';

/** A decision kept from an earlier load on this device, so later loads skip the measurement. */
export interface CachedEngineChoice {
  engine: EngineName;
  timings: Partial<Record<EngineName, number>>;
}

export interface EngineChoiceCache {
  get(key: string): Promise<CachedEngineChoice | undefined>;
  set(key: string, value: CachedEngineChoice): Promise<void>;
}

export interface EngineSelectionOptions {
  backend: BackendName;
  forced?: EngineName;
  tfjs: TfjsStyleTransformer;
  loadOnnx(): Promise<OnnxStyleTransformer>;
  /** Median ms per run of each engine at the processing size (see `timeEngines`). */
  time(engines: StyleTransformer[]): Promise<Partial<Record<EngineName, number>>>;
  cache: EngineChoiceCache;
  cacheKey: string;
}

export interface EngineSelection {
  transformer: StyleTransformer;
  choice: EngineChoice;
}

/**
 * Picks the transformer's engine by measurement, not by guess. ONNX Runtime is a candidate only
 * on the WebAssembly backend (on a GPU backend tfjs keeps the frame on the GPU, and the design
 * keeps tfjs there). The first load on a device times both at the processing size and keeps the
 * faster; later loads reuse that decision (and never download ONNX Runtime if tfjs won). A failure
 * to load ONNX Runtime falls back to tfjs and says why. The engine not chosen is disposed.
 */
export async function selectEngine(options: EngineSelectionOptions): Promise<EngineSelection> {
  const { tfjs, forced } = options;
  const keepTfjs = (how: EngineChoice['how'], timings: EngineChoice['timings'] = {}, fallbackReason = ''): EngineSelection => ({
    transformer: tfjs,
    choice: { how, timings, fallbackReason },
  });
  if (options.backend !== 'wasm') {
    return keepTfjs(forced ? 'forced' : 'only', {}, forced === 'onnx' ? `ONNX Runtime runs only beside the WebAssembly backend, not ${options.backend}; tfjs runs the transformer.` : '');
  }
  if (forced === 'tfjs') return keepTfjs('forced');
  const cached = forced ? undefined : await options.cache.get(options.cacheKey).catch(() => undefined);
  if (cached?.engine === 'tfjs') return keepTfjs('cached', cached.timings);
  let onnx: OnnxStyleTransformer;
  try {
    onnx = await options.loadOnnx();
  } catch (error) {
    return keepTfjs(forced ? 'forced' : 'only', cached?.timings ?? {}, `ONNX Runtime could not start (${describeError(error)}); tfjs runs the transformer.`);
  }
  const useOnnx = (how: EngineChoice['how'], timings: EngineChoice['timings'] = {}): EngineSelection => {
    tfjs.dispose();
    return { transformer: onnx, choice: { how, timings, fallbackReason: '' } };
  };
  if (forced === 'onnx') return useOnnx('forced');
  if (cached?.engine === 'onnx') return useOnnx('cached', cached.timings);
  let timings: Record<EngineName, number>;
  try {
    const measured = await options.time([tfjs, onnx]);
    timings = { tfjs: measured.tfjs ?? Number.POSITIVE_INFINITY, onnx: measured.onnx ?? Number.POSITIVE_INFINITY };
  } catch (error) {
    onnx.dispose();
    return keepTfjs('only', {}, `ONNX Runtime failed on a test frame (${describeError(error)}); tfjs runs the transformer.`);
  }
  await options.cache.set(options.cacheKey, { engine: timings.onnx < timings.tfjs ? 'onnx' : 'tfjs', timings }).catch(() => {});
  if (timings.onnx < timings.tfjs) return useOnnx('measured', timings);
  onnx.dispose();
  return keepTfjs('measured', timings);
}

/** One run of either engine, waiting for the result (on CPU backends the read is a copy). */
export async function stylizeOnce(transformer: StyleTransformer, frame: tf.Tensor3D, embedding: tf.Tensor4D): Promise<void> {
  const out = transformer.engine === 'tfjs' ? tf.tidy(() => transformer.stylize(frame, embedding)) : await transformer.stylize(frame, embedding);
  await out.data();
  out.dispose();
}

/** Runs `engine` `runs` times at `size`, untimed. */
export async function warmUpEngine(engine: StyleTransformer, size: { width: number; height: number }, runs: number): Promise<void> {
  const frame = tf.fill([size.height, size.width, 3], 128) as tf.Tensor3D;
  const embedding = tf.zeros(EMBEDDING_SHAPE) as tf.Tensor4D;
  try {
    for (let i = 0; i < runs; i++) await stylizeOnce(engine, frame, embedding);
  } finally {
    tf.dispose([frame, embedding]);
  }
}

/**
 * Median ms per run of each engine on a [height,width,3] frame. Each first runs `warmUps` times
 * untimed (a freshly compiled WebAssembly module is still being optimised in the background for its
 * first runs, which would count against whichever loaded last), then the engines take turns, so a
 * passing load on the machine falls on both alike.
 */
export async function timeEngines(engines: StyleTransformer[], size: { width: number; height: number }, runs = 3, warmUps = 2): Promise<Partial<Record<EngineName, number>>> {
  const frame = tf.fill([size.height, size.width, 3], 128) as tf.Tensor3D;
  const embedding = tf.zeros(EMBEDDING_SHAPE) as tf.Tensor4D;
  try {
    for (const engine of engines) for (let i = 0; i < warmUps; i++) await stylizeOnce(engine, frame, embedding);
    const times = new Map<StyleTransformer, number[]>(engines.map((engine) => [engine, []]));
    for (let i = 0; i < runs; i++) {
      for (const engine of engines) {
        const start = performance.now();
        await stylizeOnce(engine, frame, embedding);
        times.get(engine)!.push(performance.now() - start);
      }
    }
    const medians: Partial<Record<EngineName, number>> = {};
    for (const [engine, ms] of times) medians[engine.engine] = Math.round(ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)]! * 10) / 10;
    return medians;
  } finally {
    tf.dispose([frame, embedding]);
  }
}
