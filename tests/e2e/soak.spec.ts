import { expect, test } from '@playwright/test';
import type { MemoryAtRest } from '../../src/shared/protocol';
import { waitForFrames } from './helpers';

/**
 * Memory as the worker measured it the last time no frame was on the backend (`memoryAtRest` in
 * its stats), so a frame in flight (two on a GPU) never shows up as a change.
 */
function memoryAtRest(page: import('@playwright/test').Page): Promise<MemoryAtRest | null> {
  return page.evaluate(() => {
    const app = document.querySelector('stylizer-app') as unknown as { connection: { stats: { memoryAtRest: MemoryAtRest | null } | null } };
    return app.connection.stats?.memoryAtRest ?? null;
  });
}

/** The next measurement taken at least `frames` frames after `after`'s. */
async function measuredAfter(page: import('@playwright/test').Page, after: MemoryAtRest, frames: number): Promise<MemoryAtRest> {
  let latest: MemoryAtRest | null = null;
  await expect.poll(async () => (latest = await memoryAtRest(page))?.afterFrames ?? 0, { timeout: 60_000 }).toBeGreaterThanOrEqual(after.afterFrames + frames);
  return latest!;
}

const SAMPLES = 10;
const FRAMES_BETWEEN_SAMPLES = 15;

// The short version of `npm run bench -- --soak=600`: the same checks over 150 frames instead of
// 10 min, once on each engine. At a fixed processing size: Reduce flicker keeps the last frame's input and
// output between frames, whose bytes follow the size adaptive resolution picks, so only at a fixed
// size does any change mean a leak.
for (const engine of ['tfjs', 'onnx', 'litert'] as const) test(`a run of ${SAMPLES * FRAMES_BETWEEN_SAMPLES} frames on ${engine} keeps tensors, tensor memory and the backend heap flat`, async ({ page }) => {
  await page.goto(`/?engine=${engine}&adaptive=off`);
  await page.getByRole('button', { name: 'Start camera' }).click();
  // The baseline after the first frames: the WebAssembly heap grows once while the first frames
  // settle (the fast network's frames come quickly enough to sample before that), and never shrinks.
  await waitForFrames(page, 15);
  await expect.poll(() => memoryAtRest(page)).not.toBeNull();

  const first = (await memoryAtRest(page))!;
  expect(first).toMatchObject({ tensors: expect.any(Number), tensorBytes: expect.any(Number) });
  let previous = first;
  for (let i = 0; i < SAMPLES; i++) {
    // Each sample is a new measurement, taken after more frames went through (not a repeat of the last one).
    const later = await measuredAfter(page, previous, FRAMES_BETWEEN_SAMPLES);
    expect({ ...later, afterFrames: 0 }).toEqual({ ...first, afterFrames: 0 });
    previous = later;
  }
});
