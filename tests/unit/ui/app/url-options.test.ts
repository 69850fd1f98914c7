import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../../src/shared/protocol';
import { keptAfterVisit, parseUrlOptions, startingSettings, visitOnlyNotice } from '../../../../src/ui/app/url-options';

describe('URL options', () => {
  it('reads valid values', () => {
    expect(parseUrlOptions('?backend=webgl&engine=onnx&resolution=64&fps=12&adaptive=off')).toEqual({
      backend: 'webgl',
      engine: 'onnx',
      shortSide: 64,
      targetFps: 12,
      adaptiveResolution: false,
      problems: [],
    });
    expect(parseUrlOptions('')).toEqual({ problems: [] });
  });

  it('ignores and explains invalid values', () => {
    const options = parseUrlOptions('?backend=metal&resolution=9999&fps=-3&adaptive=maybe');
    expect(options.backend).toBeUndefined();
    expect(options.shortSide).toBeUndefined();
    expect(options.targetFps).toBeUndefined();
    expect(options.adaptiveResolution).toBeUndefined();
    expect(options.problems).toHaveLength(4);
    expect(options.problems[3]).toMatch(/Adaptive resolution "maybe" in the address must be "on" or "off"/);
    expect(options.problems[0]).toMatch(/Unknown backend "metal"/);
    expect(parseUrlOptions('?engine=tensorrt').problems[0]).toMatch(/Unknown engine "tensorrt" in the address \(use tfjs, onnx or litert\); choosing the fastest/);
    expect(parseUrlOptions('?network=tiny').problems[0]).toMatch(/Unknown network "tiny" in the address \(use full or fast\)/);
  });

  it('reads the network, which wins over the kept choice', () => {
    const options = parseUrlOptions('?network=full');
    expect(options.network).toBe('full');
    expect(startingSettings(options, { ...DEFAULT_SETTINGS, network: 'fast' }).network).toBe('full');
    expect(startingSettings(parseUrlOptions(''), { ...DEFAULT_SETTINGS, network: 'fast' }).network).toBe('fast');
    expect(startingSettings(parseUrlOptions(''), undefined).network).toBe('auto');
  });

  it('reads the output view and the starting style', () => {
    expect(parseUrlOptions('?view=output&style=starry_night')).toEqual({ outputView: true, styleId: 'starry_night', problems: [] });
    expect(parseUrlOptions('?view=poster').problems[0]).toMatch(/View "poster" in the address .* \(use view=output\)/);
  });

  it('cuts a long value when a notice repeats it', () => {
    const [problem] = parseUrlOptions(`?backend=${'x'.repeat(5000)}`).problems;
    expect(problem).toContain(`"${'x'.repeat(40)}…"`);
    expect(problem!.length).toBeLessThan(200);
  });

  it('says which address settings last for this visit only, and says nothing without them', () => {
    expect(visitOnlyNotice(parseUrlOptions('?resolution=384&fps=20&network=fast'))).toBe(
      'Settings from the address (fast network, resolution 384, 20 fps) apply to this visit only; your kept settings are unchanged.',
    );
    expect(visitOnlyNotice(parseUrlOptions('?view=output&style=udnie'))).toBeNull();
  });

  it('keeps what was kept before for the values the address set, and the person\'s own changes', () => {
    const before = { ...DEFAULT_SETTINGS, shortSide: 320, targetFps: 12 };
    const options = parseUrlOptions('?resolution=480&fps=30&adaptive=off');
    const started = startingSettings(options, before);
    // Untouched: the address's values are not kept; the kept ones stay.
    expect(keptAfterVisit(started, options, before)).toEqual(before);
    // The person moved the frame rate during the visit: that change is theirs and is kept.
    expect(keptAfterVisit({ ...started, targetFps: 24, styleStrength: 0.5 }, options, before)).toEqual({ ...before, targetFps: 24, styleStrength: 0.5 });
    // Nothing kept before: the defaults stand in.
    expect(keptAfterVisit(started, options, undefined)).toEqual(DEFAULT_SETTINGS);
  });
});
