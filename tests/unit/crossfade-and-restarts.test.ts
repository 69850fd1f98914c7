import { describe, expect, it } from 'vitest';
import { RestartPolicy } from '../../src/ui/restart-policy';
import { crossfadeWeight } from '../../src/worker/crossfade';

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

describe('RestartPolicy', () => {
  it('allows a few restarts a minute, then asks the person, and forgets old restarts', () => {
    const policy = new RestartPolicy(3, 60_000);
    expect([0, 1000, 2000].map((t) => policy.tryRestart(t))).toEqual([true, true, true]);
    expect(policy.tryRestart(3000)).toBe(false);
    expect(policy.tryRestart(60_001)).toBe(true);
    policy.reset();
    expect(policy.tryRestart(60_002)).toBe(true);
  });
});
