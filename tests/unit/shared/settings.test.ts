import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/shared/protocol';
import { changedSettings, touchesAdaptiveResolution } from '../../../src/shared/settings';

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
