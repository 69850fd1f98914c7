import { describe, expect, it } from 'vitest';
import { EmbeddingCache, type KeyValueStore } from '../../../../src/ui/styles/embedding-cache';

const vector = (fill: (i: number) => number) => Float32Array.from({ length: 100 }, (_, i) => fill(i));
const a = vector((i) => i);
const b = vector((i) => 100 - i);

class MapStore implements KeyValueStore<Float32Array> {
  readonly map = new Map<string, Float32Array>();
  failWrites = false;
  async get(key: string) {
    return this.map.get(key);
  }
  async set(key: string, value: Float32Array) {
    if (this.failWrites) throw new Error('QuotaExceededError');
    this.map.set(key, value);
  }
}

describe('EmbeddingCache', () => {
  it('predicts a picture once and answers later requests from the store', async () => {
    const store = new MapStore();
    let predictions = 0;
    const predict = async () => {
      predictions++;
      return a;
    };
    const first = await new EmbeddingCache(store).getOrCompute('hash-1', predict);
    expect(first).toEqual({ embedding: a, cached: false });
    // A new cache over the same store stands for a reload.
    const again = await new EmbeddingCache(store).getOrCompute('hash-1', predict);
    expect(again.cached).toBe(true);
    expect(predictions).toBe(1);
    await new EmbeddingCache(store).getOrCompute('hash-2', predict);
    expect(predictions).toBe(2);
  });

  it('shares one prediction between two requests for the same picture at once', async () => {
    const cache = new EmbeddingCache(new MapStore());
    let predictions = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const predict = async () => {
      predictions++;
      await gate;
      return b;
    };
    const both = Promise.all([cache.getOrCompute('same', predict), cache.getOrCompute('same', predict)]);
    release();
    const [one, two] = await both;
    expect(predictions).toBe(1);
    expect(one.embedding).toBe(two.embedding);
  });

  it('still returns the embedding when the store cannot write, and forgets failed predictions', async () => {
    const store = new MapStore();
    store.failWrites = true;
    const cache = new EmbeddingCache(store);
    expect((await cache.getOrCompute('x', async () => a)).embedding).toBe(a);
    await expect(cache.getOrCompute('y', async () => Promise.reject(new Error('predictor failed')))).rejects.toThrow('predictor failed');
    store.failWrites = false;
    expect((await cache.getOrCompute('y', async () => b)).cached).toBe(false);
  });
});
