import { expect, test } from '@playwright/test';
import { capture, distance, gridDifference, meanRgb, readStatus, readStyleImage, waitForBackend, switchWithoutCrossfade, waitForFrames, waitForFreshFrames } from './helpers';

// The app picks its own backend here (WASM on a machine without a GPU, WebGPU on one with).
test('stylizes the live camera, keeps frames flowing and switches style mid-stream', async ({ page }) => {
  await page.goto('/');
  const canvas = page.getByRole('img', { name: 'Stylized video' });
  const styles = page.getByRole('radiogroup', { name: 'Styles' });
  await expect(styles.getByRole('radio')).toHaveCount(7);
  await expect(page.getByRole('status')).toContainText('Backend:');

  await page.getByRole('button', { name: 'Start camera' }).click();
  await expect(page.getByRole('button', { name: 'Stop camera' })).toBeVisible();
  const first = await waitForFrames(page, 3);
  expect(first.backend).toMatch(/WebGPU|WebAssembly|WebGL/);
  if (first.backend.startsWith('WebAssembly')) {
    // Every core, whichever engine won: tfjs's own default would run half of them (one thread on a 2-core machine).
    const cores = await page.evaluate(() => (self.crossOriginIsolated ? Math.min(8, navigator.hardwareConcurrency) : 1));
    expect(first.text).toMatch(new RegExp(`Backend: WebAssembly · (TensorFlow\\.js|ONNX Runtime|LiteRT), ${cores} threads? · `));
    // The output-size passes run in the WebAssembly SIMD kernels, not the slower JS loops they fall back to.
    // The camera's YUV frames come in through those kernels too, not drawn into a canvas first.
    const { passes, frameImport } = await page.evaluate(() => {
      const { connection } = document.querySelector('stylizer-app') as unknown as { connection: { report: { outputPasses: string | null } | null; stats: { frameImport: string | null } | null } };
      return { passes: connection.report?.outputPasses, frameImport: connection.stats?.frameImport };
    });
    expect(passes).toBe('wasm-simd');
    expect(frameImport).toBe('yuv-planes');
  }

  // Frames keep flowing: the worker's own count goes on rising.
  await waitForFrames(page, 4, (await readStatus(page)).frames);

  // The output is stylized: far from the camera picture, and its colours moved toward the style's.
  await page.getByLabel('View').selectOption('side-by-side');
  // Without the crossfade the frames drawn after the switch show the new style alone.
  await switchWithoutCrossfade(page);
  await styles.getByRole('radio', { name: /Starry Night/ }).check();
  await waitForFreshFrames(page, 3);
  const video = page.getByLabel('Original video');
  const [cameraPicture, starry] = [await capture(video), await capture(canvas)];
  expect(gridDifference(cameraPicture, starry)).toBeGreaterThan(0.08);
  const starryStyle = meanRgb(readStyleImage('starry_night.jpg'));
  expect(distance(meanRgb(starry), starryStyle)).toBeLessThan(distance(meanRgb(cameraPicture), starryStyle));

  // Switching style mid-stream: the next frames follow the new style and frames keep coming.
  const beforeSwitch = await readStatus(page);
  await styles.getByRole('radio', { name: /Kandinsky, 1912/ }).check();
  await expect(styles.getByRole('radio', { name: /Kandinsky, 1912/ })).toBeChecked();
  await waitForFrames(page, 5, beforeSwitch.frames);
  await waitForFreshFrames(page, 3);
  const blackSpot = await capture(canvas);
  const blackSpotStyle = meanRgb(readStyleImage('kandinsky_black_spot.jpg'));
  expect(gridDifference(starry, blackSpot)).toBeGreaterThan(0.05);
  expect(distance(meanRgb(blackSpot), blackSpotStyle)).toBeLessThan(distance(meanRgb(starry), blackSpotStyle));

  await page.getByRole('button', { name: 'Stop camera' }).click();
  await expect(page.getByRole('button', { name: 'Start camera' })).toBeVisible();
});

test('controls are reachable by role and label', async ({ page }) => {
  await page.goto('/');
  await waitForBackend(page);
  // Each backend's own default frame rate: 30 with the fast network on WebAssembly, as on a GPU
  // (the full network's is 16 with LiteRT, 8 with the other engines; see network-choice.spec.ts).
  await expect(page.getByRole('slider', { name: 'Target frame rate' })).toHaveValue('30');
  await expect(page.getByLabel('Processing resolution')).toHaveValue('256');
  // Picture quality: flicker reduced and camera detail on by default, colours the style's.
  await expect(page.getByRole('checkbox', { name: 'Reduce flicker' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Keep original colours' })).not.toBeChecked();
  await expect(page.getByRole('slider', { name: 'Detail' })).toHaveValue('60');
  await expect(page.getByRole('combobox', { name: 'Output resolution' })).toHaveValue('1080');
  await expect(page.getByRole('radio', { name: /Udnie/ })).toBeChecked();
  // Radios move with the arrow keys, like any radio group.
  await page.getByRole('radio', { name: /Udnie/ }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: /Seaport/ })).toBeChecked();
  await expect(page.getByRole('status')).toHaveCount(1);
  await expect(page.getByRole('combobox', { name: 'Source' })).toHaveValue('camera');
  for (const name of ['Record', 'Snapshot', 'Picture in picture', 'Pop out', 'Fullscreen', 'Keyboard shortcuts', 'Reset settings']) {
    await expect(page.getByRole('button', { name, exact: true })).toBeVisible();
  }
  // Live use: auto-cycle off by default, a star on every style.
  await expect(page.getByRole('checkbox', { name: 'Cycle styles' })).not.toBeChecked();
  await expect(page.getByRole('slider', { name: 'Cycle interval' })).toHaveValue('20');
  await expect(page.getByRole('checkbox', { name: 'Only favourites' })).not.toBeChecked();
  await expect(page.getByRole('button', { name: /^Favourite / })).toHaveCount(7);
  await expect(page.getByRole('button', { name: /^Favourite Udnie/ })).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByRole('checkbox', { name: 'Mirror' })).not.toBeChecked();
});

test('a denied camera gives a clear message and the app stays usable', async ({ page }) => {
  // The browser's own refusal, as a person clicking "Block" would cause.
  await page.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  });
  await page.goto('/');
  await page.getByRole('button', { name: 'Start camera' }).click();
  await expect(page.getByRole('alert')).toContainText('Camera access was denied');
  await expect(page.getByRole('button', { name: 'Start camera' })).toBeEnabled();
});

test('an invalid address parameter is explained, not fatal', async ({ page }) => {
  await page.goto('/?backend=metal&resolution=5');
  await expect(page.getByText('Unknown backend "metal"')).toBeVisible();
  await expect(page.getByText(/Resolution "5"/)).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Backend:');
});
