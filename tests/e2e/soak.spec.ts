import { expect, test } from '@playwright/test';
import { readStatus, waitForFrames } from './helpers';

/**
 * Memory as the worker measured it the last time no frame was on the backend (`memoryAtRest` in
 * its stats), so a frame in flight (two on a GPU) never shows up as a change.
 */
function memoryAtRest(page: import('@playwright/test').Page) {
  return page.evaluate(() => {
    const app = document.querySelector('stylizer-app') as unknown as { connection: { stats: { memoryAtRest: unknown } | null } };
    return app.connection.stats?.memoryAtRest ?? null;
  });
}

// The short version of `npm run bench -- --soak=600`: the same checks over 20 s instead of 10 min,
// once on each engine. At a fixed processing size: Reduce flicker keeps the last frame's input and
// output between frames, whose bytes follow the size adaptive resolution picks, so only at a fixed
// size does any change mean a leak.
for (const engine of ['tfjs', 'onnx', 'litert'] as const) test(`a 20 s run on ${engine} keeps tensors, tensor memory and the backend heap flat`, async ({ page }) => {
  await page.goto(`/?engine=${engine}&adaptive=off`);
  await page.getByRole('button', { name: 'Start camera' }).click();
  // The baseline after the first frames: the WebAssembly heap grows once while the first frames
  // settle (the fast network's frames come quickly enough to sample before that), and never shrinks.
  await waitForFrames(page, 15);
  await expect.poll(() => memoryAtRest(page)).not.toBeNull();

  const first = await memoryAtRest(page);
  const framesAtFirst = (await readStatus(page)).frames;
  const samples = [first];
  for (let i = 0; i < 10; i++) {
    await page.waitForTimeout(2000);
    samples.push(await memoryAtRest(page));
  }
  // Frames kept coming the whole time, so the flat line is not an idle pipeline.
  expect((await readStatus(page)).frames - framesAtFirst).toBeGreaterThan(20);
  expect(first).toMatchObject({ tensors: expect.any(Number), tensorBytes: expect.any(Number) });
  for (const later of samples) expect(later).toEqual(first);
});
