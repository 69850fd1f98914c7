import { describe, expect, it } from 'vitest';
import { crossfadeWeight } from '../../../../src/worker/style/crossfade';

describe('crossfadeWeight', () => {
  it('goes from 0 to 1 over the duration, eased at both ends', () => {
    expect(crossfadeWeight(0, 300)).toBe(0);
    expect(crossfadeWeight(150, 300)).toBeCloseTo(0.5);
    expect(crossfadeWeight(30, 300)).toBeLessThan(0.1);
    expect(crossfadeWeight(270, 300)).toBeGreaterThan(0.9);
    expect(crossfadeWeight(300, 300)).toBe(1);
    expect(crossfadeWeight(5000, 300)).toBe(1);
  });

  it('never decreases', () => {
    let previous = 0;
    for (let ms = 0; ms <= 300; ms += 7) {
      const weight = crossfadeWeight(ms, 300);
      expect(weight).toBeGreaterThanOrEqual(previous);
      previous = weight;
    }
  });

  it('switches at once when the duration is 0 or invalid', () => {
    expect(crossfadeWeight(0, 0)).toBe(1);
    expect(crossfadeWeight(10, Number.NaN)).toBe(1);
    expect(crossfadeWeight(-5, 300)).toBe(0);
  });
});
