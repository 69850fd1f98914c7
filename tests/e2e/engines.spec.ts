import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { chromiumArgs, chromiumPath, retimedCamera } from '../../scripts/chromium-args.mjs';
import type { MemoryAtRest } from '../../src/shared/protocol';
import { sharedModelsDir } from '../support/paths';
import { capture, distance, gridDifference, meanRgb, readStyleImage, switchWithoutCrossfade, waitForFrames, waitForFreshFrames } from './helpers';

// The camera's frames at 30 a second (the clip's own rate is 15), so the run takes half the time.
const camera = retimedCamera(resolve(sharedModelsDir(), 'fake-camera.y4m'), 30, resolve(tmpdir(), 'stylizer-tests'));
test.use({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs({ cameraFile: camera }) } });

/**
 * Memory as the worker measured it the last time no frame was on the backend (`memoryAtRest` in
 * its stats), so a frame in flight (two on a GPU) never shows up as a change.
 */
function memoryAtRest(page: Page): Promise<MemoryAtRest | null> {
  return page.evaluate(() => {
    const app = document.querySelector('stylizer-app') as unknown as { connection: { stats: { memoryAtRest: MemoryAtRest | null } | null } };
    return app.connection.stats?.memoryAtRest ?? null;
  });
}

/** The next measurement taken at least `frames` frames after `after`'s. */
async function measuredAfter(page: Page, after: MemoryAtRest, frames: number): Promise<MemoryAtRest> {
  let latest: MemoryAtRest | null = null;
  await expect.poll(async () => (latest = await memoryAtRest(page))?.afterFrames ?? 0, { timeout: 60_000, intervals: [100] }).toBeGreaterThanOrEqual(after.afterFrames + frames);
  return latest!;
}

// The worker reports twice a second, about 14 frames apart at 28 fps: 12 frames between samples
// lets every report be a sample.
const SAMPLES = 12;
const FRAMES_BETWEEN_SAMPLES = 12;

// Each engine, forced by the address, runs the transformer on the live camera. First the short
// version of `npm run bench -- --soak=600`: the same checks over 144 frames instead of 10 min. At a
// fixed processing size: Reduce flicker keeps the last frame's input and output between frames,
// whose bytes follow the size adaptive resolution picks, so only at a fixed size does any change
// mean a leak. A small one (128 px, the adaptive ladder's floor, at up to 30 fps): every frame takes
// the same path through the same code as at 256 px, in a quarter of the time. Then the picture it
// draws is stylized: far from the camera picture, its colours pulled toward the style's.
// (One page for both: they were two tests that loaded the same page twice.)
for (const [engine, label] of [['tfjs', 'TensorFlow.js'], ['onnx', 'ONNX Runtime'], ['litert', 'LiteRT']] as const) {
  test(`?engine=${engine} stylizes the camera with ${label}, and ${SAMPLES * FRAMES_BETWEEN_SAMPLES} frames keep tensors, tensor memory and the backend heap flat`, async ({ page }) => {
    await page.goto(`/?engine=${engine}&adaptive=off&resolution=128&fps=30`);
    await page.getByRole('button', { name: 'Start camera' }).click();
    // The baseline after the first frames: the WebAssembly heap grows once while the first frames
    // settle (the fast network's frames come quickly enough to sample before that), and never shrinks.
    const settled = await waitForFrames(page, 15);
    expect(settled.engine).toBe(label);
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

    await page.getByLabel('View').selectOption('side-by-side');
    await switchWithoutCrossfade(page);
    await page.getByRole('radiogroup', { name: 'Styles' }).getByRole('radio', { name: /Starry Night/ }).check();
    await waitForFreshFrames(page, 3);
    const [original, stylized] = [await capture(page.getByLabel('Original video')), await capture(page.getByRole('img', { name: 'Stylized video' }))];
    const style = meanRgb(readStyleImage('starry_night.jpg'));
    expect(gridDifference(original, stylized)).toBeGreaterThan(0.08);
    expect(distance(meanRgb(stylized), style)).toBeLessThan(distance(meanRgb(original), style));
  });
}
