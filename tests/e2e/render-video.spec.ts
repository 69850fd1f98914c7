import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { capture, distance, meanRgb, readStatus, readStyleImage, waitForFrames } from './helpers';
import { captureClipFrame, makeClip, readClip, seekVideo } from './render-clips';

const clipDir = mkdtempSync(join(tmpdir(), 'render-clips-'));

// The live video runs at 128 px: it must go on beside the work, and a smaller one leaves the work more of the two cores.
async function startLive(page: Page) {
  await page.goto('/?resolution=128');
  await page.getByRole('radiogroup', { name: 'Styles' }).getByRole('radio', { name: /Starry Night/ }).check();
  await page.getByRole('button', { name: 'Start camera' }).click();
  await waitForFrames(page, 3);
}

test('every frame of a video file is stylized into a new file with its sound, beside the live video', async ({ page, browser }) => {
  const clip = await makeClip(browser, clipDir, 'walk.mp4', { seconds: 2, width: 320, height: 240, fps: 30 });
  const source = await readClip(readFileSync(clip));
  expect(source.frames).toBe(60);
  await startLive(page);
  const panel = page.getByRole('group', { name: 'Render video' });
  await panel.getByLabel('Video to render').setInputFiles(clip);
  await expect(panel.getByText(/“walk.mp4”: 320×240, 60 frames \(2.0 s at 30 fps\), with sound. Rendering every frame takes about/)).toBeVisible();
  await panel.getByLabel('Render processing size').selectOption('256');
  const before = await readStatus(page);
  await panel.getByRole('button', { name: 'Render video' }).click();
  const progress = panel.getByRole('progressbar', { name: 'Rendering the video' });
  await expect.poll(async () => Number(await progress.getAttribute('value')), { timeout: 120_000 }).toBeGreaterThanOrEqual(5);
  // The live video goes on beside the render.
  await waitForFrames(page, 2, before.frames);
  await expect(panel.getByText(/^Done: 60 frames at 320×240 with its sound in/)).toBeVisible({ timeout: 170_000 });

  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Download video' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('walk-stylized.mp4');
  const rendered = await readClip(readFileSync(await file.path()));
  expect(rendered).toMatchObject({ frames: 60, width: 320, height: 240, videoCodec: 'avc', audioCodec: 'opus' });
  expect(Math.abs(rendered.durationS - source.durationS)).toBeLessThanOrEqual(1 / 30 + 1e-6);

  // The preview plays the result: at 1 s its colours moved toward the style's from the clip's (orange and red).
  const video = panel.locator('video');
  await seekVideo(video, 1);
  const stylized = await capture(video);
  const original = await captureClipFrame(page, clip, 1);
  const starry = meanRgb(readStyleImage('starry_night.jpg'));
  expect(distance(meanRgb(stylized), starry)).toBeLessThan(distance(meanRgb(original), starry) * 0.8);
});

test('a long render asks before the tab closes and stops on Cancel; files it cannot render are explained', async ({ page, browser }) => {
  const long = await makeClip(browser, clipDir, 'long.mp4', { seconds: 10, width: 640, height: 480, fps: 30 });
  const soundOnly = await makeClip(browser, clipDir, 'tone.webm', { seconds: 1, width: 320, height: 240, fps: 30, video: false, container: 'webm' });
  await startLive(page);
  const panel = page.getByRole('group', { name: 'Render video' });
  const input = panel.getByLabel('Video to render');

  await input.setInputFiles({ name: 'notes.mp4', mimeType: 'video/mp4', buffer: Buffer.from('not a video at all') });
  await expect(panel.getByText('“notes.mp4” is not a video file this browser can read (MP4, WebM, MOV or MKV).')).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Render video' })).toBeDisabled();
  await input.setInputFiles(soundOnly);
  await expect(panel.getByText('“tone.webm” has no video track: it holds sound only.')).toBeVisible();

  // A file cut off in the middle (its index promises 90 frames): what decodes is rendered, and the message says where it stopped.
  const whole = readFileSync(await makeClip(browser, clipDir, 'cut.mp4', { seconds: 3, width: 320, height: 240, fps: 30 }));
  await input.setInputFiles({ name: 'cut.mp4', mimeType: 'video/mp4', buffer: whole.subarray(0, Math.round(whole.length * 0.6)) });
  await panel.getByRole('button', { name: 'Render video' }).click();
  await expect(panel.getByText(/^Done: \d+ frames at 320×240 with its sound in \d+ s\. The file ends early: \d+ of 90 frames could be read \(up to 0:0\d\.\d\)\.$/)).toBeVisible({ timeout: 120_000 });

  await input.setInputFiles(long);
  await expect(panel.getByText(/“long.mp4”: 640×480, 300 frames \(10.0 s at 30 fps\), with sound. Rendering every frame takes about/)).toBeVisible();
  await panel.getByRole('button', { name: 'Render video' }).click();
  const progress = panel.getByRole('progressbar', { name: 'Rendering the video' });
  await expect.poll(async () => Number(await progress.getAttribute('value')), { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
  await expect(panel.getByText(/^Rendering “long.mp4”: frame \d+ of 300, \d+ s so far, about .+ left\.$/)).toBeVisible();

  // Leaving the page mid-render asks first (the dialog is dismissed: the page stays).
  const asked = new Promise<string>((resolve) => page.once('dialog', (dialog) => (resolve(dialog.type()), void dialog.dismiss())));
  await page.evaluate(() => setTimeout(() => location.reload(), 0));
  expect(await asked).toBe('beforeunload');

  const before = await readStatus(page);
  await panel.getByRole('button', { name: 'Cancel' }).click();
  await expect(panel.getByText('Render cancelled; the live video was not touched.')).toBeVisible();
  await expect(progress).toBeHidden();
  // The earlier result (the cut-off file's) is still the one offered: nothing of the cancelled render is.
  await expect(panel.getByLabel('Rendered video, 320×240')).toBeVisible();
  await waitForFrames(page, 3, before.frames);
});

test('Every frame (render after) records the source and renders it with the style that was on at each moment', async ({ page }) => {
  await startLive(page);
  const outputs = page.getByRole('group', { name: 'Output' });
  await outputs.getByLabel('What to record').selectOption('render-after');
  await outputs.getByRole('button', { name: 'Record' }).click();
  const status = outputs.getByText(/^Recording 0:0\d/);
  await expect(status).toHaveText(/^Recording 0:01/);
  await page.getByRole('radiogroup', { name: 'Styles' }).getByRole('radio', { name: /Delaunay/ }).check();
  await expect(status).toHaveText(/^Recording 0:03/, { timeout: 30_000 });
  await outputs.getByRole('button', { name: 'Stop recording' }).click();

  // The source's own recording is kept in the list, and its render starts at once.
  const recordings = outputs.getByRole('list', { name: 'Recordings' });
  await expect(recordings.getByRole('link', { name: /^source-.*\.(mp4|webm)$/ })).toBeVisible();
  const panel = page.getByRole('group', { name: 'Render video' });
  await expect(panel.getByText(/^Done: \d+ frames at 640×480 \(no sound\) in/)).toBeVisible({ timeout: 170_000 });
  const sourceDownload = page.waitForEvent('download');
  await recordings.getByRole('link').first().click();
  const recorded = await readClip(readFileSync(await (await sourceDownload).path()));
  const renderedDownload = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Download video' }).click();
  const rendered = await readClip(readFileSync(await (await renderedDownload).path()));
  expect(Math.abs(rendered.frames - recorded.frames)).toBeLessThanOrEqual(1);
  expect(recorded.durationS).toBeGreaterThan(2.5);
  expect(Math.abs(rendered.durationS - recorded.durationS)).toBeLessThanOrEqual(0.1);

  // Starry Night at the start, Delaunay (picked at about 1 s) at the end.
  const starry = meanRgb(readStyleImage('starry_night.jpg'));
  const delaunay = meanRgb(readStyleImage('delaunay_ville_de_paris.jpg'));
  const video = panel.locator('video');
  await seekVideo(video, 0.3);
  const early = meanRgb(await capture(video));
  await seekVideo(video, rendered.durationS - 0.3);
  const late = meanRgb(await capture(video));
  expect(distance(early, starry)).toBeLessThan(distance(early, delaunay));
  expect(distance(late, delaunay)).toBeLessThan(distance(late, starry));
});
