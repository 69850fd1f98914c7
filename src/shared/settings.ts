import { CodedError } from './errors';
import {
  MAX_CROSSFADE_MS,
  MAX_PROCESSING_SIZE,
  MAX_TARGET_FPS,
  MIN_PROCESSING_SIZE,
  MIN_TARGET_FPS,
  OUTPUT_SHORT_SIDES,
  isNetworkPreference,
  isStylizeRegion,
  STYLIZE_REGIONS,
  NETWORK_PREFERENCES,
  type BackendName,
  type EngineName,
  type NetworkName,
  type ProcessingSettings,
} from './protocol';

/**
 * The fields of `next` that differ from `previous`, so a control sends only what it changed: the
 * worker restarts adaptive resolution only when the size, frame rate or the switch itself changed.
 */
export function changedSettings(previous: ProcessingSettings, next: ProcessingSettings): Partial<ProcessingSettings> {
  const changed: Partial<ProcessingSettings> = {};
  for (const key of Object.keys(next) as (keyof ProcessingSettings)[]) {
    if (next[key] !== previous[key]) (changed as Record<string, unknown>)[key] = next[key];
  }
  return changed;
}

/** Settings whose change restarts the adaptive resolution's search from the chosen size. */
const ADAPTIVE_INPUTS = ['shortSide', 'targetFps', 'adaptiveResolution'] as const satisfies readonly (keyof ProcessingSettings)[];

/** Whether applying `change` on top of `current` changes anything adaptive resolution depends on. */
export function touchesAdaptiveResolution(current: ProcessingSettings, change: Partial<ProcessingSettings>): boolean {
  return ADAPTIVE_INPUTS.some((key) => change[key] !== undefined && change[key] !== current[key]);
}

/**
 * The target frame rate a backend and network start with, until a person or the address chooses
 * one. GPUs keep 30. On WebAssembly with two cores (a 30 fps camera, the picture-quality defaults,
 * `npm run quality -- --defaults`): with ONNX Runtime (docs/fast-network.md) the full network makes
 * 8 fps at 256 px (at a 30 target adaptive resolution ended at its 172×128 floor); the fast one,
 * with the quality chain's per-pixel work in WebAssembly SIMD, holds 26.5-28 fps at 256 px with a
 * target of 30 (2 of 2 runs; it was 16.5 fps at a target of 17 before).
 */
const DEFAULT_TARGET_FPS_BY_BACKEND: Record<BackendName, Record<NetworkName, number>> = {
  webgpu: { full: 30, fast: 30 },
  webgl: { full: 30, fast: 30 },
  wasm: { full: 8, fast: 30 },
  cpu: { full: 2, fast: 2 },
};

/**
 * LiteRT runs both networks faster on WebAssembly (docs/litert.md), and there the quality chain's
 * per-pixel work runs in WebAssembly SIMD (docs/fast-network.md): the full network holds 15-15.5 fps
 * at 256 px with a target of 16 (2 of 2 runs; at 18 it settles at 224 px), the fast one 27.5 fps at
 * 256 px with a target of 30 (3 of 3 runs).
 */
const LITERT_TARGET_FPS: Record<NetworkName, number> = { full: 16, fast: 30 };

/** What runs the frames: the backend, the network and the transformer's engine. */
export interface FrameRunner {
  backend: BackendName;
  network: NetworkName;
  engine: EngineName;
}

export function defaultTargetFps({ backend, network, engine }: FrameRunner): number {
  if (backend === 'wasm' && engine === 'litert') return LITERT_TARGET_FPS[network];
  return DEFAULT_TARGET_FPS_BY_BACKEND[backend][network];
}

const MAX_OUTPUT_SHORT_SIDE = OUTPUT_SHORT_SIDES[0];

/** The on/off settings, with the names their controls show. */
const SWITCHES = [
  ['adaptiveResolution', 'Adaptive resolution'],
  ['reduceFlicker', 'Reduce flicker'],
  ['keepColours', 'Keep original colours'],
] as const satisfies readonly (readonly [keyof ProcessingSettings, string])[];

/** Throws an 'invalid-argument' error naming the first field out of range. */
export function validateSettings(settings: Partial<ProcessingSettings>): void {
  const { targetFps, shortSide, styleStrength, crossfadeMs, detail, maxOutputShortSide, network, stylize } = settings;
  if (stylize !== undefined && !isStylizeRegion(stylize)) {
    throw new CodedError('invalid-argument', `Stylize must be ${STYLIZE_REGIONS.join(', ')}, got ${String(stylize)}.`);
  }
  if (network !== undefined && !isNetworkPreference(network)) {
    throw new CodedError('invalid-argument', `Network must be ${NETWORK_PREFERENCES.join(', ')}, got ${String(network)}.`);
  }
  for (const [key, label] of SWITCHES) {
    const value = settings[key];
    if (value !== undefined && typeof value !== 'boolean') throw new CodedError('invalid-argument', `${label} is on or off, got ${String(value)}.`);
  }
  if (detail !== undefined && !(detail >= 0 && detail <= 1)) {
    throw new CodedError('invalid-argument', `Detail must be 0-100%, got ${detail * 100}%.`);
  }
  if (maxOutputShortSide !== undefined && !(Number.isInteger(maxOutputShortSide) && maxOutputShortSide >= MIN_PROCESSING_SIZE && maxOutputShortSide <= MAX_OUTPUT_SHORT_SIDE)) {
    throw new CodedError('invalid-argument', `Output resolution must be ${MIN_PROCESSING_SIZE}-${MAX_OUTPUT_SHORT_SIDE} px, got ${maxOutputShortSide}.`);
  }
  if (styleStrength !== undefined && !(styleStrength >= 0 && styleStrength <= 1)) {
    throw new CodedError('invalid-argument', `Style strength must be 0-100%, got ${styleStrength * 100}%.`);
  }
  if (crossfadeMs !== undefined && !(crossfadeMs >= 0 && crossfadeMs <= MAX_CROSSFADE_MS)) {
    throw new CodedError('invalid-argument', `Crossfade must be 0-${MAX_CROSSFADE_MS} ms, got ${crossfadeMs}.`);
  }
  if (targetFps !== undefined && !(targetFps >= MIN_TARGET_FPS && targetFps <= MAX_TARGET_FPS)) {
    throw new CodedError('invalid-argument', `Target frame rate must be ${MIN_TARGET_FPS}-${MAX_TARGET_FPS}, got ${targetFps}.`);
  }
  if (shortSide !== undefined && !(Number.isInteger(shortSide) && shortSide >= MIN_PROCESSING_SIZE && shortSide <= MAX_PROCESSING_SIZE)) {
    throw new CodedError('invalid-argument', `Resolution must be ${MIN_PROCESSING_SIZE}-${MAX_PROCESSING_SIZE} px, got ${shortSide}.`);
  }
}
