/**
 * How far a style switch has gone, 0..1, `elapsedMs` after it began.
 * Smoothstep rather than linear, so the change eases in and out instead of starting with a jolt.
 */
export function crossfadeWeight(elapsedMs: number, durationMs: number): number {
  if (!(durationMs > 0) || elapsedMs >= durationMs) return 1;
  if (elapsedMs <= 0) return 0;
  const t = elapsedMs / durationMs;
  return t * t * (3 - 2 * t);
}
