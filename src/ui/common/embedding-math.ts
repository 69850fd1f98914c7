import { EMBEDDING_LENGTH } from '../../shared/protocol';

interface WeightedEmbedding {
  embedding: Float32Array;
  weight: number;
}

/** Weighted average of style embeddings (weights need not sum to 1); a point inside their convex hull. */
export function mixEmbeddings(parts: readonly WeightedEmbedding[]): Float32Array {
  const total = parts.reduce((sum, part) => sum + Math.max(0, part.weight), 0);
  if (!(total > 0)) throw new RangeError('A mix needs at least one style with a weight above 0.');
  const mixed = new Float32Array(EMBEDDING_LENGTH);
  for (const { embedding, weight } of parts) {
    if (embedding.length !== EMBEDDING_LENGTH) throw new RangeError(`A style embedding has ${EMBEDDING_LENGTH} numbers.`);
    const share = Math.max(0, weight) / total;
    if (share === 0) continue;
    for (let i = 0; i < EMBEDDING_LENGTH; i++) mixed[i]! += share * embedding[i]!;
  }
  return mixed;
}

/** `t` = 0 gives `from`, 1 gives `to`. */
export function interpolateEmbeddings(from: Float32Array, to: Float32Array, t: number): Float32Array {
  const clamped = Math.min(1, Math.max(0, t));
  return mixEmbeddings([
    { embedding: from, weight: 1 - clamped },
    { embedding: to, weight: clamped },
  ]);
}

/**
 * A random point in style space: 2-3 distinct styles with Dirichlet(1) weights (normalised
 * exponential draws), so every convex combination of them is equally likely.
 */
export function randomMixWeights(ids: readonly string[], random: () => number = Math.random): Map<string, number> {
  if (ids.length === 0) throw new RangeError('There are no styles to mix.');
  const count = Math.min(ids.length, 2 + Math.floor(random() * 2));
  const pool = [...ids];
  const weights = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < count; i++) {
    const [id] = pool.splice(Math.floor(random() * pool.length), 1);
    // 1 - random() is in (0, 1], so the log is finite.
    const draw = -Math.log(1 - random()) + 1e-6;
    weights.set(id!, draw);
    total += draw;
  }
  for (const [id, draw] of weights) weights.set(id, draw / total);
  return weights;
}

/** "60% Udnie + 40% The Great Wave", largest share first. */
export function describeMix(weights: ReadonlyMap<string, number>, nameOf: (id: string) => string): string {
  const total = [...weights.values()].reduce((sum, w) => sum + Math.max(0, w), 0);
  return [...weights.entries()]
    .filter(([, weight]) => weight > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([id, weight]) => `${Math.round((weight / total) * 100)}% ${nameOf(id)}`)
    .join(' + ');
}
