import * as tf from '@tensorflow/tfjs';
import { describeError } from '../../shared/errors';
import { EMBEDDING_SHAPE, ENGINE_LABELS, type BackendName, type EngineChoice, type EngineName } from '../../shared/protocol';
import type { AsyncStyleTransformer, StyleTransformer, TfjsStyleTransformer } from './style-transformer';

/** A decision kept from an earlier load on this device, so later loads skip the measurement. */
export interface CachedEngineChoice {
  engine: EngineName;
  timings: Partial<Record<EngineName, number>>;
}

export interface EngineChoiceCache {
  get(key: string): Promise<CachedEngineChoice | undefined>;
  set(key: string, value: CachedEngineChoice): Promise<void>;
}

/** The engines that run beside tfjs on WebAssembly (each loads its own runtime). */
export type AsyncEngineName = Exclude<EngineName, 'tfjs'>;

export interface EngineSelectionOptions {
  backend: BackendName;
  forced?: EngineName;
  tfjs: TfjsStyleTransformer;
  /** Loaders of the other engines for this network, in the order they are tried; one missing does not apply to it. */
  loaders: Partial<Record<AsyncEngineName, () => Promise<AsyncStyleTransformer>>>;
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
 * Picks the transformer's engine by measurement, not by guess. ONNX Runtime and LiteRT are
 * candidates only on the WebAssembly backend (on a GPU backend tfjs keeps the frame on the GPU, and
 * the design keeps tfjs there). The first load on a device times every engine at the processing
 * size and keeps the fastest; later loads reuse that decision (and download nothing for an engine
 * that lost). An engine that fails to load or run is left out, and the choice says why. The
 * engines not chosen are disposed.
 */
export async function selectEngine(options: EngineSelectionOptions): Promise<EngineSelection> {
  const { tfjs, forced } = options;
  const chosen = (transformer: StyleTransformer, how: EngineChoice['how'], timings: EngineChoice['timings'], reasons: string[]): EngineSelection => {
    if (transformer !== tfjs) tfjs.dispose();
    const ran = reasons.length ? `${reasons.join(' ')} ${ENGINE_LABELS[transformer.engine]} runs the transformer.` : '';
    const fallbackReason = [ran, transformer.notice ?? ''].filter(Boolean).join(' ');
    return { transformer, choice: { how, timings, fallbackReason } };
  };
  if (options.backend !== 'wasm') {
    const reason = forced && forced !== 'tfjs' ? [`${ENGINE_LABELS[forced]} runs only beside the WebAssembly backend, not ${options.backend};`] : [];
    return chosen(tfjs, forced ? 'forced' : 'only', {}, reason);
  }
  if (forced === 'tfjs') return chosen(tfjs, 'forced', {}, []);
  const failures: string[] = [];
  /** Loads one engine; a failure is kept as a reason and gives null. */
  const load = async (engine: AsyncEngineName): Promise<AsyncStyleTransformer | null> => {
    const loader = options.loaders[engine];
    if (!loader) {
      failures.push(`${ENGINE_LABELS[engine]} cannot run this network;`);
      return null;
    }
    try {
      return await loader();
    } catch (error) {
      failures.push(`${ENGINE_LABELS[engine]} could not start (${describeError(error)});`);
      return null;
    }
  };
  if (forced) {
    const transformer = await load(forced);
    return chosen(transformer ?? tfjs, 'forced', {}, failures);
  }
  const cached = await options.cache.get(options.cacheKey).catch(() => undefined);
  if (cached?.engine === 'tfjs') return chosen(tfjs, 'cached', cached.timings, []);
  if (cached) {
    const transformer = await load(cached.engine);
    if (transformer) return chosen(transformer, 'cached', cached.timings, []);
  }
  const candidates: StyleTransformer[] = [tfjs];
  for (const engine of Object.keys(options.loaders) as AsyncEngineName[]) {
    const transformer = await load(engine);
    if (transformer) candidates.push(transformer);
  }
  if (candidates.length === 1) return chosen(tfjs, 'only', {}, failures);
  let timings: Partial<Record<EngineName, number>>;
  try {
    timings = await options.time(candidates);
  } catch (error) {
    for (const candidate of candidates.slice(1)) candidate.dispose();
    return chosen(tfjs, 'only', {}, [`An engine failed on a test frame (${describeError(error)});`]);
  }
  const timeOf = (transformer: StyleTransformer) => timings[transformer.engine] ?? Number.POSITIVE_INFINITY;
  const fastest = candidates.reduce((best, candidate) => (timeOf(candidate) < timeOf(best) ? candidate : best));
  for (const candidate of candidates.slice(1)) if (candidate !== fastest) candidate.dispose();
  await options.cache.set(options.cacheKey, { engine: fastest.engine, timings }).catch(() => {});
  return chosen(fastest, 'measured', timings, failures);
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
