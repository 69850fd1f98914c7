import { expect, test } from '@playwright/test';
import { capture, distance, gridDifference, meanRgb, readStyleImage, switchWithoutCrossfade, waitForFrames, waitForFreshFrames } from './helpers';

// Each engine forced by the address runs the transformer on the live camera, and the picture it
// draws is stylized: far from the camera picture, its colours pulled toward the style's.
for (const [engine, label] of [['tfjs', 'TensorFlow.js'], ['onnx', 'ONNX Runtime'], ['litert', 'LiteRT']] as const) {
  test(`?engine=${engine} stylizes the camera with ${label}`, async ({ page }) => {
    await page.goto(`/?engine=${engine}`);
    await page.getByRole('button', { name: 'Start camera' }).click();
    const first = await waitForFrames(page, 3);
    expect(first.engine).toBe(label);
    await page.getByLabel('View').selectOption('side-by-side');
    await switchWithoutCrossfade(page);
    await page.getByRole('radiogroup', { name: 'Styles' }).getByRole('radio', { name: /Starry Night/ }).check();
    await waitForFreshFrames(page, 3);
    const [camera, stylized] = [await capture(page.getByLabel('Original video')), await capture(page.getByRole('img', { name: 'Stylized video' }))];
    const style = meanRgb(readStyleImage('starry_night.jpg'));
    expect(gridDifference(camera, stylized)).toBeGreaterThan(0.08);
    expect(distance(meanRgb(stylized), style)).toBeLessThan(distance(meanRgb(camera), style));
  });
}
