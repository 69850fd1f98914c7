import { describe, expect, it } from 'vitest';
import { describeMix, interpolateEmbeddings, mixEmbeddings, randomMixWeights } from '../../../../src/ui/common/embedding-math';

const vector = (fill: (i: number) => number) => Float32Array.from({ length: 100 }, (_, i) => fill(i));
const a = vector((i) => i);
const b = vector((i) => 100 - i);

/** A seeded generator (mulberry32), so random mixes are repeatable. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('mixEmbeddings', () => {
  it('is the weighted average, whatever the weights sum to', () => {
    const mixed = mixEmbeddings([{ embedding: a, weight: 3 }, { embedding: b, weight: 1 }]);
    expect(mixed[0]).toBeCloseTo(0.75 * 0 + 0.25 * 100);
    expect(mixed[40]).toBeCloseTo(0.75 * 40 + 0.25 * 60);
  });

  it('gives back a single style unchanged and ignores zero and negative weights', () => {
    expect(Array.from(mixEmbeddings([{ embedding: a, weight: 0.2 }, { embedding: b, weight: 0 }]))).toEqual(Array.from(a));
    expect(Array.from(mixEmbeddings([{ embedding: a, weight: 1 }, { embedding: b, weight: -5 }]))).toEqual(Array.from(a));
  });

  it('refuses a mix with nothing in it or a wrong-length embedding', () => {
    expect(() => mixEmbeddings([])).toThrow(RangeError);
    expect(() => mixEmbeddings([{ embedding: a, weight: 0 }])).toThrow(/weight above 0/);
    expect(() => mixEmbeddings([{ embedding: new Float32Array(3), weight: 1 }])).toThrow(/100 numbers/);
  });
});

describe('interpolateEmbeddings', () => {
  it('runs from the first style to the second and clamps outside 0..1', () => {
    expect(interpolateEmbeddings(a, b, 0)[10]).toBeCloseTo(10);
    expect(interpolateEmbeddings(a, b, 1)[10]).toBeCloseTo(90);
    expect(interpolateEmbeddings(a, b, 0.25)[10]).toBeCloseTo(30);
    expect(interpolateEmbeddings(a, b, 7)[10]).toBeCloseTo(90);
  });
});

describe('randomMixWeights', () => {
  const ids = ['udnie', 'seaport', 'starry', 'wave', 'vii'];

  it('picks 2-3 distinct styles with positive weights summing to 1', () => {
    const random = seeded(7);
    for (let run = 0; run < 200; run++) {
      const weights = randomMixWeights(ids, random);
      expect(weights.size).toBeGreaterThanOrEqual(2);
      expect(weights.size).toBeLessThanOrEqual(3);
      const values = [...weights.values()];
      expect(values.every((w) => w > 0)).toBe(true);
      expect(values.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 10);
      expect([...weights.keys()].every((id) => ids.includes(id))).toBe(true);
    }
  });

  it('reaches every style and varies from one call to the next', () => {
    const random = seeded(11);
    const seen = new Set<string>();
    const labels = new Set<string>();
    for (let run = 0; run < 100; run++) {
      const weights = randomMixWeights(ids, random);
      weights.forEach((_, id) => seen.add(id));
      labels.add(describeMix(weights, (id) => id));
    }
    expect(seen.size).toBe(ids.length);
    expect(labels.size).toBeGreaterThan(50);
  });

  it('copes with a single style and refuses none', () => {
    expect([...randomMixWeights(['only'], seeded(1))]).toEqual([['only', 1]]);
    expect(() => randomMixWeights([])).toThrow(RangeError);
  });
});

describe('describeMix', () => {
  it('lists shares largest first, in whole percent, without zero weights', () => {
    const weights = new Map([['a', 1], ['b', 3], ['c', 0]]);
    expect(describeMix(weights, (id) => id.toUpperCase())).toBe('75% B + 25% A');
  });
});
