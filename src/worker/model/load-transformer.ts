import type { BackendName, EngineName, NetworkName } from '../../shared/protocol';
import { loadOnnxRuntime } from '../backend/onnx-runtime';
import type { Size } from '../pipeline/processing-size';
import { engineCacheKey, openEngineChoiceCache } from './engine-choice-cache';
import { selectEngine, timeEngines, warmUpEngine, type EngineSelection } from './engine-selection';
import { createFastStyleTransformer, FAST_NETWORK_ONNX } from './fast-style-transformer';
import type { LoadOptions } from './model-loading';
import { createOnnxStyleTransformer } from './onnx-style-transformer';
import { createStyleTransformer, type OnnxStyleTransformer, type StyleTransformer, type TfjsStyleTransformer } from './style-transformer';
import appPackage from '../../../package.json';

const ONNX_WARM_UPS = 2;

/** Each network's two forms: built for tfjs, and the ONNX file for ONNX Runtime (under the model base URL). */
const NETWORK_FILES: Record<NetworkName, { createTfjs(options: LoadOptions): Promise<TfjsStyleTransformer>; onnx: string }> = {
  full: { createTfjs: createStyleTransformer, onnx: 'onnx/style-transformer.onnx' },
  fast: { createTfjs: createFastStyleTransformer, onnx: FAST_NETWORK_ONNX },
};

export interface TransformerLoadOptions extends LoadOptions {
  network: NetworkName;
  backend: BackendName;
  /** WebAssembly threads for either engine (null off WebAssembly). */
  threads: number | null;
  forcedEngine?: EngineName;
  /** The processing size the engines are timed (and ONNX Runtime warmed up) at. */
  size: Size;
  shortSide: number;
}

/**
 * Downloads a network for tfjs and puts it on the faster engine for this device. On WebAssembly the
 * choice between tfjs and ONNX Runtime is measured once per device and network and kept, and ONNX
 * Runtime's 14 MB is fetched only where it may win (never again once tfjs won here). Settled before
 * the first frame: deciding after the first frames instead (ONNX Runtime compiling beside them)
 * froze the video for up to 4-5 s on 2 cores.
 */
export async function loadTransformer(options: TransformerLoadOptions): Promise<EngineSelection> {
  const tfjs = await NETWORK_FILES[options.network].createTfjs(options);
  const cacheKey = engineCacheKey({
    network: options.network,
    threads: options.threads,
    shortSide: options.shortSide,
    ortVersion: appPackage.dependencies['onnxruntime-web'],
  });
  return selectEngine({
    backend: options.backend,
    ...(options.forcedEngine ? { forced: options.forcedEngine } : {}),
    tfjs,
    loadOnnx: () => loadOnnxTransformer(options),
    // Both are warm by now (tfjs from its frames or its warm-up, ONNX Runtime from its loader).
    time: (engines) => timeEngines(engines, options.size, 3, 1),
    cache: openEngineChoiceCache(),
    cacheKey,
  });
}

/**
 * A network on an engine already chosen, without timing anything: a switch of network mid-stream
 * keeps the engine the load measured (timing beside live frames would measure the frames too).
 */
export async function loadTransformerOn(engine: EngineName, options: TransformerLoadOptions): Promise<StyleTransformer> {
  return engine === 'onnx' ? loadOnnxTransformer(options) : NETWORK_FILES[options.network].createTfjs(options);
}

/** Loaded and run twice (its first runs prepare kernels and memory, over a second here) before anything is timed or a frame waits on it. */
async function loadOnnxTransformer(options: TransformerLoadOptions): Promise<OnnxStyleTransformer> {
  const ort = await loadOnnxRuntime(options.threads ?? 1);
  const onnx = await createOnnxStyleTransformer(ort, `${options.baseUrl.replace(/\/$/, '')}/${NETWORK_FILES[options.network].onnx}`);
  await warmUpEngine(onnx, options.size, ONNX_WARM_UPS);
  return onnx;
}
