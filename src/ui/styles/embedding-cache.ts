/** The part of a key-value store the cache needs; IndexedDB in the app, a Map in tests. */
export interface KeyValueStore<V> {
  get(key: string): Promise<V | undefined>;
  set(key: string, value: V): Promise<void>;
}

/**
 * Style embeddings by a hash of the picture's bytes, so the same picture is never predicted twice:
 * not after a reload (the store persists), not after its style was removed, and not when it is
 * dropped twice at once (the second waits for the first).
 */
export class EmbeddingCache {
  private readonly inFlight = new Map<string, Promise<{ embedding: Float32Array; cached: boolean }>>();

  constructor(private readonly store: KeyValueStore<Float32Array>) {}

  async getOrCompute(hash: string, compute: () => Promise<Float32Array>): Promise<{ embedding: Float32Array; cached: boolean }> {
    const pending = this.inFlight.get(hash);
    if (pending) return { embedding: (await pending).embedding, cached: true };
    // Registered before the first await, so a second request for the same picture joins this one.
    const lookup = this.lookUpOrCompute(hash, compute);
    this.inFlight.set(hash, lookup);
    try {
      return await lookup;
    } finally {
      this.inFlight.delete(hash);
    }
  }

  private async lookUpOrCompute(hash: string, compute: () => Promise<Float32Array>): Promise<{ embedding: Float32Array; cached: boolean }> {
    const stored = await this.store.get(hash).catch(() => undefined);
    if (stored) return { embedding: stored, cached: true };
    const embedding = await compute();
    // A store that cannot write (private mode, full disk) costs a later prediction, nothing more.
    await this.store.set(hash, embedding).catch(() => {});
    return { embedding, cached: false };
  }
}

/** Hex SHA-256 of the bytes. */
export async function hashBytes(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
