import type { BackendName, EngineChoice, EngineName } from '../../shared/protocol';
import { loadOnnxRuntime } from '../backend/onnx-runtime';
import type { Size } from '../pipeline/processing-size';
import { engineCacheKey, openEngineChoiceCache } from './engine-choice-cache';
import { selectEngine, timeTransformer } from './engine-selection';
import type { LoadOptions } from './model-loading';
import { createOnnxStyleTransformer } from './onnx-style-transformer';
import { createStyleTransformer, type StyleTransformer } from './style-transformer';
import appPackage from '../../../package.json';

export interface TransformerLoadOptions extends LoadOptions {
  backend: BackendName;
  /** WebAssembly threads for either engine (null off WebAssembly). */
  threads: number | null;
  forcedEngine?: EngineName;
  /** The processing size the engines are timed at. */
  size: Size;
  shortSide: number;
  /** Other loading work (the predictor's) that must be over before the engines are timed. */
  quiet?: Promise<unknown>;
}

/**
 * Downloads the transformer and puts it on the faster engine for this device: tfjs always loads
 * (its download fails the load with the network's name), ONNX Runtime only where it may win.
 */
export async function loadTransformer(options: TransformerLoadOptions): Promise<{ transformer: StyleTransformer; choice: EngineChoice }> {
  const tfjs = await createStyleTransformer(options);
  // Timings taken while another load keeps the cores busy would pick an engine by chance.
  await options.quiet?.catch(() => {});
  return selectEngine({
    backend: options.backend,
    ...(options.forcedEngine ? { forced: options.forcedEngine } : {}),
    tfjs,
    loadOnnx: async () => {
      const ort = await loadOnnxRuntime(options.threads ?? 1);
      return createOnnxStyleTransformer(ort, `${options.baseUrl.replace(/\/$/, '')}/onnx/style-transformer.onnx`);
    },
    time: (transformer) => timeTransformer(transformer, options.size, 5),
    cache: openEngineChoiceCache(),
    cacheKey: engineCacheKey({ threads: options.threads, shortSide: options.shortSide, ortVersion: appPackage.dependencies['onnxruntime-web'] }),
  });
}
