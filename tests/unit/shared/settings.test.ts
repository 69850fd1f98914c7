import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/shared/protocol';
import { changedSettings, defaultTargetFps, touchesAdaptiveResolution } from '../../../src/shared/settings';

describe('changedSettings', () => {
  it('sends only the fields a control changed', () => {
    expect(changedSettings(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, styleStrength: 0.4 })).toEqual({ styleStrength: 0.4 });
    expect(changedSettings(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS })).toEqual({});
    expect(changedSettings(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, shortSide: 384, adaptiveResolution: false })).toEqual({ shortSide: 384, adaptiveResolution: false });
  });
});

describe('touchesAdaptiveResolution', () => {
  it('is false for strength and crossfade, and for a size or rate sent again unchanged', () => {
    expect(touchesAdaptiveResolution(DEFAULT_SETTINGS, { styleStrength: 0.2, crossfadeMs: 900 })).toBe(false);
    // The app used to send every field on every change: an unchanged size must not restart the search.
    expect(touchesAdaptiveResolution(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, styleStrength: 0.5 })).toBe(false);
  });

  it('is true when the size, the frame rate or the switch itself changes', () => {
    expect(touchesAdaptiveResolution(DEFAULT_SETTINGS, { shortSide: 384 })).toBe(true);
    expect(touchesAdaptiveResolution(DEFAULT_SETTINGS, { targetFps: 12 })).toBe(true);
    expect(touchesAdaptiveResolution(DEFAULT_SETTINGS, { adaptiveResolution: false })).toBe(true);
  });
});

describe('defaultTargetFps', () => {
  it('starts each backend, network and engine at the rate it was measured to hold', () => {
    expect(defaultTargetFps({ backend: 'webgpu', network: 'full', engine: 'tfjs' })).toBe(30);
    expect(defaultTargetFps({ backend: 'wasm', network: 'fast', engine: 'onnx' })).toBe(30);
    expect(defaultTargetFps({ backend: 'wasm', network: 'full', engine: 'tfjs' })).toBe(8);
    expect(defaultTargetFps({ backend: 'wasm', network: 'fast', engine: 'litert' })).toBe(30);
    expect(defaultTargetFps({ backend: 'wasm', network: 'full', engine: 'litert' })).toBe(16);
  });
});
