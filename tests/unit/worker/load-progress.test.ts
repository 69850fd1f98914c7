import { describe, expect, it } from 'vitest';
import type { LoadProgress } from '../../../src/shared/protocol';
import { LoadProgressReporter } from '../../../src/worker/load-progress';

describe('LoadProgressReporter', () => {
  it('moves one bar over both downloads at once, weighted by their size, and never backwards', () => {
    const seen: LoadProgress[] = [];
    const progress = new LoadProgressReporter((update) => seen.push(update));
    progress.stage('backend');
    progress.download('transformer', 1);
    progress.download('predictor', 0.5);
    progress.download('predictor', 1);
    progress.stage('warm-up');
    progress.stage('ready');
    expect(seen.map((update) => update.stage)).toEqual(['backend', 'download', 'download', 'download', 'warm-up', 'ready']);
    const fractions = seen.map((update) => update.fraction);
    expect(fractions.every((fraction, i) => i === 0 || fraction >= fractions[i - 1]!)).toBe(true);
    // The small transformer alone is a small part of the bar; both done reach the warm-up.
    expect(fractions[1]).toBeLessThan(0.2);
    expect(fractions[3]).toBeCloseTo(0.85, 5);
    expect(fractions.at(-1)).toBe(1);
  });
});
