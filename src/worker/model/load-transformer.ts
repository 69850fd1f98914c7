import type { BackendName, EngineName, NetworkName } from '../../shared/protocol';
import { loadOnnxRuntime } from '../backend/onnx-runtime';
import type { Size } from '../geometry/frame-sizes';
import { engineCacheKey, openEngineChoiceCache } from './engine-choice-cache';
import { selectEngine, timeEngines, warmUpEngine, type EngineSelection } from './engine-selection';
import { loadLiteRtRuntime } from '../backend/litert-runtime';
import { createFastStyleTransformer, FAST_NETWORK_ONNX, loadFastNetworkWeights } from './fast-style-transformer';
import { writeFastNetworkTflite, type FastNetworkWeights } from './litert/fast-network-tflite';
import { LiteRtStyleTransformer, type TfliteWriter } from './litert/litert-style-transformer';
import { ModelLoadError, modelUrl, type LoadOptions } from './model-loading';
import { fetchGraphModel, weightArrays, writeGraphModelTflite } from './litert/graph-model-tflite';
import { createOnnxStyleTransformer } from './onnx-style-transformer';
import { createStyleTransformer, type AsyncStyleTransformer, type StyleTransformer, type TfjsStyleTransformer } from './style-transformer';
import appPackage from '../../../package.json';

const ASYNC_WARM_UPS = 2;

interface NetworkForms {
  /** Built as tfjs ops or a tfjs graph. */
  createTfjs(options: LoadOptions): Promise<TfjsStyleTransformer>;
  /** The ONNX file for ONNX Runtime (under the model base URL). */
  onnx: string;
  /** Writes the network as a TFLite model per size, for LiteRT. */
  tfliteWriter(options: LoadOptions): Promise<TfliteWriter>;
}

const NETWORK_FILES: Record<NetworkName, NetworkForms> = {
  full: { createTfjs: createStyleTransformer, onnx: 'onnx/style-transformer.onnx', tfliteWriter: fullNetworkTfliteWriter },
  fast: { createTfjs: createFastStyleTransformer, onnx: FAST_NETWORK_ONNX, tfliteWriter: fastNetworkTfliteWriter },
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
    litertVersion: appPackage.dependencies['@litertjs/core'],
  });
  return selectEngine({
    backend: options.backend,
    ...(options.forcedEngine ? { forced: options.forcedEngine } : {}),
    tfjs,
    // LiteRT first: its 9 MB of WebAssembly is still being optimised in the background for a while
    // after it starts, and loading ONNX Runtime meanwhile gives it that time before the timing. Loaded
    // last and timed over three turns, it lost to ONNX Runtime on 3 of 3 first visits
    // (`npm run bench -- --first-frame`) though the app makes 1.4× the frames with it; loaded first
    // and timed over five, it won 3 of 3.
    loaders: {
      litert: () => loadLiteRtTransformer(options),
      onnx: () => loadOnnxTransformer(options),
    },
    // All are warm by now (tfjs from its warm-up, the others from their loaders).
    time: (engines) => timeEngines(engines, options.size, 5, 1),
    cache: openEngineChoiceCache(),
    cacheKey,
  });
}

/**
 * A network on an engine already chosen, without timing anything: a switch of network mid-stream
 * keeps the engine the load measured (timing beside live frames would measure the frames too).
 * `prepareSizes`: sizes to get ready for before it is used (see StyleTransformer.prepare).
 */
export async function loadTransformerOn(engine: EngineName, options: TransformerLoadOptions, prepareSizes: readonly Size[] = []): Promise<StyleTransformer> {
  const transformer =
    engine === 'onnx'
      ? await loadOnnxTransformer(options)
      : engine === 'litert'
        ? await loadLiteRtTransformer(options)
        : await NETWORK_FILES[options.network].createTfjs(options);
  for (const size of prepareSizes) await transformer.prepare?.(size);
  return transformer;
}

/** Loaded and run twice (its first runs prepare kernels and memory, over a second here) before anything is timed or a frame waits on it. */
async function loadOnnxTransformer(options: TransformerLoadOptions): Promise<AsyncStyleTransformer> {
  const ort = await loadOnnxRuntime(options.threads ?? 1);
  const onnx = await createOnnxStyleTransformer(ort, `${options.baseUrl.replace(/\/$/, '')}/${NETWORK_FILES[options.network].onnx}`);
  await warmUpEngine(onnx, options.size, ASYNC_WARM_UPS);
  return onnx;
}

/** LiteRT with the network written for the processing size (compiled by the first warm-up run). */
async function loadLiteRtTransformer(options: TransformerLoadOptions): Promise<AsyncStyleTransformer> {
  const [runtime, write] = await Promise.all([loadLiteRtRuntime(options.threads ?? 1), NETWORK_FILES[options.network].tfliteWriter(options)]);
  const litert = new LiteRtStyleTransformer(runtime, write);
  await warmUpEngine(litert, options.size, ASYNC_WARM_UPS);
  return litert;
}

/** The full network's graph and weights, read again from its model.json (the HTTP cache has them from the tfjs load). */
async function fullNetworkTfliteWriter(options: LoadOptions): Promise<TfliteWriter> {
  const url = modelUrl('style-transformer', options.baseUrl);
  try {
    const { nodes, weights } = await fetchGraphModel(url);
    return (size) => writeGraphModelTflite(nodes, weights, size);
  } catch (error) {
    throw new ModelLoadError('style-transformer', url, error);
  }
}

async function fastNetworkTfliteWriter(options: LoadOptions): Promise<TfliteWriter> {
  const weights = weightArrays(await loadFastNetworkWeights(options)) as FastNetworkWeights;
  return (size) => writeFastNetworkTflite(weights, size);
}

