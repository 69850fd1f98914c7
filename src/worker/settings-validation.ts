import { CodedError } from '../shared/errors';
import {
  MAX_CROSSFADE_MS,
  MAX_PROCESSING_SIZE,
  MAX_TARGET_FPS,
  MIN_PROCESSING_SIZE,
  MIN_TARGET_FPS,
  OUTPUT_SHORT_SIDES,
  type ProcessingSettings,
} from '../shared/protocol';

export function validateWasmThreads(threads: number | undefined): void {
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) {
    throw new CodedError('invalid-argument', `WebAssembly threads must be a whole number from 1, got ${String(threads)}.`);
  }
}

export function validatePipelineDepth(depth: number | undefined): void {
  if (depth !== undefined && depth !== 1 && depth !== 2) {
    throw new CodedError('invalid-argument', `The pipeline keeps 1 or 2 frames on the backend, got ${String(depth)}.`);
  }
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
  const { targetFps, shortSide, styleStrength, crossfadeMs, detail, maxOutputShortSide } = settings;
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
