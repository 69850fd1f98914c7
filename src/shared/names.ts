/** The names of the backends, engines and networks, as the contract (protocol.ts) and the stats use them. */
export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
/**
 * What runs the transformer: tfjs (on the backend above), or ONNX Runtime Web's or LiteRT.js's
 * WebAssembly build (CPU backends only). The predictor and everything around the network always run on tfjs.
 */
export const ENGINE_NAMES = ['tfjs', 'onnx', 'litert'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];
/** Each engine's name for people (status line, notices). */
export const ENGINE_LABELS: Record<EngineName, string> = { tfjs: 'TensorFlow.js', onnx: 'ONNX Runtime', litert: 'LiteRT' };

export function isEngineName(value: unknown): value is EngineName {
  return isOneOf(ENGINE_NAMES, value);
}
export type BackendName = (typeof BACKEND_NAMES)[number];

/**
 * Which transformer network stylizes the frames: `full` is Magenta's (the quality reference), `fast`
 * the project's own network distilled from it (models/fast-transformer: 3.3x fewer multiply-adds,
 * same inputs, so every style, mix and strength works with either). `auto` picks per backend.
 */
export const NETWORK_NAMES = ['full', 'fast'] as const;
export type NetworkName = (typeof NETWORK_NAMES)[number];
export type NetworkPreference = 'auto' | NetworkName;
export const NETWORK_PREFERENCES: readonly NetworkPreference[] = ['auto', ...NETWORK_NAMES];

export function isNetworkName(value: unknown): value is NetworkName {
  return isOneOf(NETWORK_NAMES, value);
}

export function isNetworkPreference(value: unknown): value is NetworkPreference {
  return value === 'auto' || isNetworkName(value);
}

export function isBackendName(value: unknown): value is BackendName {
  return isOneOf(BACKEND_NAMES, value);
}

/** Whether `value` is one of the names in `names` (the guards above share it). */
function isOneOf(names: readonly string[], value: unknown): boolean {
  return typeof value === 'string' && names.includes(value);
}
