import { expect, test } from '@playwright/test';
import { capture, distance, meanRgb, readStatus, readStyleImage, waitForFrames } from './helpers';

// The Network select: Automatic runs the fast network on the CPU, a switch to Full quality
// mid-stream keeps the frames coming and keeps the style, and the choice is kept across reloads
// unless the address says otherwise.
test('Automatic runs the fast network on the CPU; Full quality mid-stream keeps frames and style; the choice is kept', async ({ page }) => {
  await page.goto('/?style=starry_night');
  const network = page.getByRole('combobox', { name: 'Network' });
  await expect(network).toHaveValue('auto');
  await page.getByRole('button', { name: 'Start camera' }).click();
  const first = await waitForFrames(page, 3);
  const onCpu = first.backend.startsWith('WebAssembly');
  expect(first.text).toContain(onCpu ? 'Fast network' : 'Full network');

  await page.getByLabel('View').selectOption('side-by-side');
  const canvas = page.getByRole('img', { name: 'Stylized video' });
  const video = page.getByLabel('Original video');
  const style = meanRgb(readStyleImage('starry_night.jpg'));
  const [camera, fast] = [await capture(video), await capture(canvas)];
  expect(distance(meanRgb(fast), style)).toBeLessThan(distance(meanRgb(camera), style));

  const other = onCpu ? 'full' : 'fast';
  await network.selectOption(other);
  await expect(page.getByRole('status')).toContainText(onCpu ? 'Full network' : 'Fast network', { timeout: 60_000 });
  // Frames go on after the switch and its crossfade, still in the style.
  await waitForFrames(page, 4, (await readStatus(page)).frames);
  const [cameraAfter, switched] = [await capture(video), await capture(canvas)];
  expect(distance(meanRgb(switched), style)).toBeLessThan(distance(meanRgb(cameraAfter), style));
  await expect(page.getByRole('alert')).toHaveCount(0);
  // The frame rate follows the network's own default while none was chosen (the full network's on
  // WebAssembly: 16 with LiteRT, 8 with the other engines).
  const fullOnCpu = first.engine === 'LiteRT' ? '16' : '8';
  await expect(page.getByRole('slider', { name: 'Target frame rate' })).toHaveValue(onCpu ? fullOnCpu : '30');

  await page.reload();
  await expect(network).toHaveValue(other);
  await expect(page.getByRole('status')).toContainText(onCpu ? 'Full network' : 'Fast network');

  // The address wins over the kept choice.
  await page.goto('/?network=fast');
  await expect(network).toHaveValue('fast');
  await expect(page.getByRole('status')).toContainText('Fast network');
});
