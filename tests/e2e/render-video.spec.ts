import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { capture, distance, meanRgb, readStatus, readStyleImage, waitForFrames } from './helpers';
import { captureClipFrame, makeClip, readClip, seekVideo } from './render-clips';

const clipDir = mkdtempSync(join(tmpdir(), 'render-clips-'));

async function startLive(page: Page) {
  await page.goto('/');
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
  await panel.getByLabel('Render processing resolution').selectOption('256');
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
