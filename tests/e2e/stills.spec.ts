import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { sharedModelsDir } from '../support/paths';
import { badStyleFiles, hugePng } from './bad-files';
import { distance, meanRgb, readStatus, readStyleImage, waitForFrames, type Picture } from './helpers';

async function startLive(page: Page) {
  await page.goto('/');
  await page.getByRole('radiogroup', { name: 'Styles' }).getByRole('radio', { name: /Starry Night/ }).check();
  await page.getByRole('button', { name: 'Start camera' }).click();
  await waitForFrames(page, 3);
}

test('a photo is stylized at its full resolution beside the live video, previewed and downloaded', async ({ page }) => {
  await startLive(page);
  const photoPath = resolve(sharedModelsDir(), 'content', 'chicago.jpg');
  await page.getByLabel('Photo to stylize').setInputFiles(photoPath);
  await page.getByRole('button', { name: 'Stylize photo' }).click();
  await expect(page.getByText(/Done: 640×426 in [\d.]+ s, 2 tiles/)).toBeVisible({ timeout: 120_000 });
  const preview = page.getByRole('img', { name: 'Stylized photo, 640×426' });
  await expect(preview).toBeVisible();

  // The file has the photo's own size, and its colours moved toward the style's.
  await page.getByLabel('Photo format').selectOption('image/png');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('chicago-stylized.png');
  const png = PNG.sync.read(readFileSync(await file.path()));
  expect([png.width, png.height]).toEqual([640, 426]);
  const stylized: Picture = { width: png.width, height: png.height, data: png.data };
  const decoded = jpeg.decode(readFileSync(photoPath), { useTArray: true, formatAsRGBA: true });
  const original: Picture = { width: decoded.width, height: decoded.height, data: decoded.data };
  const starry = meanRgb(readStyleImage('starry_night.jpg'));
  expect(distance(meanRgb(stylized), starry)).toBeLessThan(distance(meanRgb(original), starry));
});

test('a 4096-px photo runs while frames keep flowing, and Cancel stops it; bad photos are explained', async ({ page }) => {
  await startLive(page);
  const input = page.getByLabel('Photo to stylize');
  await input.setInputFiles({ name: 'wide.png', mimeType: 'image/png', buffer: hugePng(4096, 3072) });
  const before = await readStatus(page);
  await page.getByRole('button', { name: 'Stylize photo' }).click();
  const progress = page.getByRole('progressbar', { name: 'Stylizing the photo' });
  await expect(progress).toBeVisible();
  await expect(page.getByText('Stylizing “wide” at 4096×3072…')).toBeVisible({ timeout: 60_000 });
  // Several tiles in, the live video has gone on (its own frame count rose).
  await expect.poll(async () => Number(await progress.getAttribute('value')), { timeout: 120_000 }).toBeGreaterThanOrEqual(4);
  await waitForFrames(page, 3, before.frames);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('Cancelled; the live video was not touched.')).toBeVisible();
  await expect(progress).toBeHidden();
  await waitForFrames(page, 2, (await readStatus(page)).frames);

  for (const { file, message } of badStyleFiles()) {
    await input.setInputFiles(file);
    await page.getByRole('button', { name: 'Stylize photo' }).click();
    await expect(page.getByText(message)).toBeVisible();
  }
});
