import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { sharedModelsDir } from '../support/paths';
import { badStyleFiles, hugePng } from './bad-files';
import { distance, meanRgb, readStatus, readStyleImage, waitForFrames, type Picture } from './helpers';

// The live video runs at 128 px: it must go on beside the work, and a smaller one leaves the work more of the two cores.
async function startLive(page: Page) {
  await page.goto('/?resolution=128');
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

  // Refine: a few optimisation steps at 256 px, the preview and a loss curve as it goes, and a
  // style embedding that ends closer to Starry Night's than the fast result's.
  await page.getByLabel('Refine size').selectOption('256');
  await page.getByRole('slider', { name: 'Iterations' }).fill('10');
  await page.getByRole('button', { name: 'Refine', exact: true }).click();
  await expect(page.getByRole('progressbar', { name: 'Refining the photo' })).toBeVisible();
  const refined = page.getByText(/^Refined: 256×170 in [\d.]+ s \(10 steps/);
  await expect(refined).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole('img', { name: /^Loss curve: total loss from/ })).toBeVisible();
  const [, before, after] = /style embedding distance (\d+\.\d+) → (\d+\.\d+)/.exec((await refined.textContent()) ?? '') ?? [];
  expect(Number(after)).toBeLessThan(Number(before));
  const refinedDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download' }).click();
  const refinedFile = await refinedDownload;
  expect(refinedFile.suggestedFilename()).toBe('chicago-refined.png');
  const refinedPng = PNG.sync.read(readFileSync(await refinedFile.path()));
  expect([refinedPng.width, refinedPng.height]).toEqual([256, 170]);

  // A long refinement stops on Cancel, and the live video goes on.
  await page.getByRole('slider', { name: 'Iterations' }).fill('300');
  await page.getByRole('button', { name: 'Refine', exact: true }).click();
  const refining = page.getByRole('progressbar', { name: 'Refining the photo' });
  await expect.poll(async () => Number(await refining.getAttribute('value')), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('Refinement cancelled; the result so far is not kept.')).toBeVisible();
  await expect(refining).toBeHidden();
  await waitForFrames(page, 2, (await readStatus(page)).frames);
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

  // A photo dropped on the Photo panel is chosen for it, not added as a style.
  await page.evaluate((base64) => {
    const data = new DataTransfer();
    data.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], 'dropped.jpg', { type: 'image/jpeg' }));
    const panel = document.querySelector('stylizer-app')!.shadowRoot!.querySelector('fieldset.stills')!;
    panel.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true, composed: true }));
    panel.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true, composed: true }));
  }, readFileSync(resolve(sharedModelsDir(), 'content', 'golden_gate.jpg')).toString('base64'));
  await expect(page.getByText('“dropped.jpg” is ready: press Stylize photo.')).toBeVisible();
  await expect(page.getByRole('radiogroup', { name: 'Styles' }).getByRole('radio')).toHaveCount(7);

  for (const { file, message } of badStyleFiles()) {
    await input.setInputFiles(file);
    await page.getByRole('button', { name: 'Stylize photo' }).click();
    await expect(page.getByText(message)).toBeVisible();
  }
});
