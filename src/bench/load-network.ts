import type { EngineName, NetworkName } from '../shared/protocol';
import type { BackendStart } from '../worker/backend/backend-setup';
import { loadTransformerOn } from '../worker/model/load-transformer';
import type { StyleTransformer } from '../worker/model/style-transformer';
import type { Size } from '../worker/geometry/frame-sizes';
import { MODEL_BASE_URL } from './worker-harness';

/** A network on an engine, as the worker loads it (ONNX Runtime warmed up at `size`), for the bench pages. */
export function loadNetwork(network: NetworkName, engine: EngineName, backend: BackendStart, size: Size): Promise<StyleTransformer> {
  return loadTransformerOn(engine, { baseUrl: MODEL_BASE_URL, network, backend: backend.name, threads: backend.threads, size, shortSide: Math.min(size.width, size.height) });
}
