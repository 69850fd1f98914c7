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
  /** Median ms of a few runs of one engine at the processing size (after one untimed run). */
  time(transformer: StyleTransformer): Promise<number>;
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
    timings = { tfjs: await options.time(tfjs), onnx: await options.time(onnx) };
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

/** Median ms per run of `transformer` on a [height,width,3] frame, after one untimed run. */
export async function timeTransformer(transformer: StyleTransformer, size: { width: number; height: number }, runs = 3): Promise<number> {
  const frame = tf.fill([size.height, size.width, 3], 128) as tf.Tensor3D;
  const embedding = tf.zeros(EMBEDDING_SHAPE) as tf.Tensor4D;
  const once = () => stylizeOnce(transformer, frame, embedding);
  try {
    await once();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await once();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    return Math.round(times[Math.floor(times.length / 2)]! * 10) / 10;
  } finally {
    tf.dispose([frame, embedding]);
  }
}
