import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../../src/shared/protocol';
import { parseUrlOptions, startingSettings } from '../../../../src/ui/app/url-options';

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
});
