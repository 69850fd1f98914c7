import type { BackendName, ProcessingSettings } from './protocol';

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
 * The target frame rate a backend starts with, until a person or the address chooses one. With 30
 * on two CPU cores, adaptive resolution ends at its floor (172×128 from a 640×480 camera) and still
 * makes about 8 fps there (docs/picture-quality.md); at 8 the network keeps 224-256 px, the size
 * the styles were trained at, for about the same frame rate. GPUs keep 30.
 */
export const DEFAULT_TARGET_FPS_BY_BACKEND: Record<BackendName, number> = { webgpu: 30, webgl: 30, wasm: 8, cpu: 2 };
