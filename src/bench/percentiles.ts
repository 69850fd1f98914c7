export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? 0;
}

export const round = (value: number, digits = 1) => Number(value.toFixed(digits));

/**
 * Runs `once` back to back for `seconds` and counts only the runs that finished inside the window;
 * `frameMs` holds every run's time (the last may end past the window).
 */
export async function timedWindow(seconds: number, once: () => Promise<void>, between?: () => Promise<unknown>): Promise<{ frames: number; frameMs: number[] }> {
  const frameMs: number[] = [];
  const end = performance.now() + seconds * 1000;
  let frames = 0;
  while (performance.now() < end) {
    const start = performance.now();
    await once();
    const finished = performance.now();
    frameMs.push(finished - start);
    if (finished <= end) frames++;
    await between?.();
  }
  return { frames, frameMs };
}
