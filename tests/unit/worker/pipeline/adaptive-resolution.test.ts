import { describe, expect, it } from 'vitest';
import { AdaptiveResolution } from '../../../../src/worker/pipeline/adaptive-resolution';

/** Feeds frames whose cost is `msAt256` scaled by pixel count, 1 frame per `gapMs`. */
function run(adapter: AdaptiveResolution, msAt256: number, frames: number, start = 0, gapMs = 100): number {
  let now = start;
  for (let i = 0; i < frames; i++) {
    now += gapMs;
    adapter.record(msAt256 * (adapter.shortSide / 256) ** 2, now);
  }
  return now;
}

describe('AdaptiveResolution', () => {
  it('starts at the chosen size and steps down until the target fits, never below half of it', () => {
    const adapter = new AdaptiveResolution({ maxShortSide: 256, targetFps: 30 });
    expect(adapter.shortSide).toBe(256);
    // 125 ms at 256 px (WASM on 2 cores) cannot reach 33 ms: it goes to the floor and stays.
    run(adapter, 125, 400);
    expect(adapter.shortSide).toBe(128);
    const large = new AdaptiveResolution({ maxShortSide: 480, targetFps: 30 });
    run(large, 125, 400);
    expect(large.shortSide).toBe(256);
  });

  it('settles where the predicted time fits, and does not hunt between two sizes', () => {
    const adapter = new AdaptiveResolution({ maxShortSide: 480, targetFps: 30 });
    // 30 ms at 256 px: 480 px takes 105 ms, 320 px 47 ms, 256 px 30 ms (fits).
    let now = run(adapter, 30, 200);
    expect(adapter.shortSide).toBe(256);
    const sizes = new Set<number>();
    for (let i = 0; i < 300; i++) {
      now = run(adapter, 30, 1, now);
      sizes.add(adapter.shortSide);
    }
    expect([...sizes]).toEqual([256]);
  });

  it('steps back up when frames get cheaper, up to the chosen size and no further', () => {
    const adapter = new AdaptiveResolution({ maxShortSide: 384, targetFps: 30 });
    let now = run(adapter, 60, 200);
    expect(adapter.shortSide).toBeLessThan(256);
    now = run(adapter, 8, 400, now);
    expect(adapter.shortSide).toBe(384);
    expect(adapter.atMax).toBe(true);
  });

  it('waits for a few frames at a new size before judging it', () => {
    const adapter = new AdaptiveResolution({ maxShortSide: 256, targetFps: 30 });
    let changes = 0;
    for (let i = 1; i <= 5; i++) if (adapter.record(500, i * 1000)) changes++;
    expect(changes).toBe(0);
    expect(adapter.record(500, 6000)).toBe(true);
  });

  it('starts again from the chosen size when the settings change', () => {
    const adapter = new AdaptiveResolution({ maxShortSide: 256, targetFps: 30 });
    run(adapter, 125, 400);
    adapter.configure({ maxShortSide: 384, targetFps: 5 });
    expect(adapter.shortSide).toBe(384);
  });

  it('counts the settle time from the first frame at a size, not from the settings or the load', () => {
    // Configured at load (t = 0); the camera starts 10 s later with frames far over budget.
    const adapter = new AdaptiveResolution({ maxShortSide: 256, targetFps: 30 });
    // Six frames in 0.5 s: enough frames, but not 1.5 s at this size yet.
    const now = run(adapter, 500, 6, 10_000);
    expect(adapter.shortSide).toBe(256);
    run(adapter, 500, 12, now);
    expect(adapter.shortSide).toBeLessThan(256);
  });
});
