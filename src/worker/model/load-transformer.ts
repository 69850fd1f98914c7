import type { BackendName, EngineChoice, EngineName } from '../../shared/protocol';
import { loadOnnxRuntime } from '../backend/onnx-runtime';
import type { Size } from '../pipeline/processing-size';
import { engineCacheKey, openEngineChoiceCache } from './engine-choice-cache';
import { selectEngine, timeEngines, warmUpEngine, type EngineSelection } from './engine-selection';
import type { LoadOptions } from './model-loading';
import { createOnnxStyleTransformer } from './onnx-style-transformer';
import { createStyleTransformer, type OnnxStyleTransformer } from './style-transformer';
import appPackage from '../../../package.json';

const ONNX_WARM_UPS = 2;

export interface TransformerLoadOptions extends LoadOptions {
  backend: BackendName;
  /** WebAssembly threads for either engine (null off WebAssembly). */
  threads: number | null;
  forcedEngine?: EngineName;
  /** The processing size the engines are timed at. */
  size: Size;
  shortSide: number;
}

export interface LoadedTransformer extends EngineSelection {
  /**
   * Set where ONNX Runtime may be the faster engine here (no decision kept yet, or ONNX Runtime
   * won before): loads it, then decides inside `betweenFrames` (no frame on the backend) and hands
   * the outcome to `apply` there, so a swap and the freeing of the other engine never meet a frame
   * in flight. The service runs it before the first frame (see settleEngine there for why).
   */
  later: ((betweenFrames: <T>(job: () => Promise<T>) => Promise<T>, apply: (selection: EngineSelection) => void) => Promise<void>) | null;
}

/**
 * Downloads the transformer for tfjs and puts it on the faster engine for this device. On
 * WebAssembly the choice between tfjs and ONNX Runtime is measured once per device and kept, and
 * ONNX Runtime's 14 MB is fetched only where it may win (never again once tfjs won here).
 */
export async function loadTransformer(options: TransformerLoadOptions): Promise<LoadedTransformer> {
  const tfjs = await createStyleTransformer(options);
  const cache = openEngineChoiceCache();
  const cacheKey = engineCacheKey({ threads: options.threads, shortSide: options.shortSide, ortVersion: appPackage.dependencies['onnxruntime-web'] });
  // Loaded and run twice (its first runs prepare kernels and memory, over a second here) before
  // anything is timed or a frame waits on it; ONNX Runtime runs in its own worker meanwhile.
  const loadOnnx = async (): Promise<OnnxStyleTransformer> => {
    const ort = await loadOnnxRuntime(options.threads ?? 1);
    const onnx = await createOnnxStyleTransformer(ort, `${options.baseUrl.replace(/\/$/, '')}/onnx/style-transformer.onnx`);
    await warmUpEngine(onnx, options.size, ONNX_WARM_UPS);
    return onnx;
  };
  const select = (load: () => Promise<OnnxStyleTransformer>) =>
    selectEngine({
      backend: options.backend,
      ...(options.forcedEngine ? { forced: options.forcedEngine } : {}),
      tfjs,
      loadOnnx: load,
      // Both are warm by now (tfjs from its frames or its warm-up, ONNX Runtime from loadOnnx).
      time: (engines) => timeEngines(engines, options.size, 3, 1),
      cache,
      cacheKey,
    });
  if (options.forcedEngine || options.backend !== 'wasm') return { ...(await select(loadOnnx)), later: null };
  const cached = await cache.get(cacheKey).catch(() => undefined);
  if (cached?.engine === 'tfjs') return { transformer: tfjs, choice: { how: 'cached', timings: cached.timings, fallbackReason: '' }, later: null };
  const pending: EngineChoice = { how: 'pending', timings: cached?.timings ?? {}, fallbackReason: '' };
  return {
    transformer: tfjs,
    choice: pending,
    later: async (betweenFrames, apply) => {
      // Fetched and compiled while frames flow; settled (loaded or failed) before the swap.
      const onnx = await loadOnnx().then(
        (engine) => ({ engine }),
        (error: unknown) => ({ error }),
      );
      await betweenFrames(async () => {
        apply(await select(async () => {
          if ('error' in onnx) throw onnx.error;
          return onnx.engine;
        }));
      });
    },
  };
}
