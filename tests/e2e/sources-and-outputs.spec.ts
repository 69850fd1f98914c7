import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { sharedModelsDir } from '../support/paths';
import { capture, contrast, distance, gridDifference, meanRgb, readStatus, readStyleImage, waitForFrames, type Picture } from './helpers';

/** Decodes a video file in the page's own <video>, and grabs small frames at the given times (s; negative: before the end). */
async function decodeInBrowser(page: Page, bytes: Buffer, type: string, times: number[]) {
  const result = await page.evaluate(
    async ({ base64, type, times }) => {
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const video = document.createElement('video');
      video.muted = true;
      video.src = URL.createObjectURL(new Blob([data], { type }));
      await new Promise((ok, fail) => {
        video.onloadedmetadata = ok;
        video.onerror = () => fail(new Error(`cannot decode: ${video.error?.message}`));
      });
      const duration = video.duration;
      const canvas = document.createElement('canvas');
      canvas.width = 64;
      canvas.height = 48;
      const context = canvas.getContext('2d', { willReadFrequently: true })!;
      const frames: number[][] = [];
      for (const time of times) {
        video.currentTime = time < 0 ? duration + time : time;
        await new Promise((ok) => (video.onseeked = ok));
        context.drawImage(video, 0, 0, 64, 48);
        frames.push([...context.getImageData(0, 0, 64, 48).data]);
      }
      return { duration, width: video.videoWidth, height: video.videoHeight, frames };
    },
    { base64: bytes.toString('base64'), type, times },
  );
  const frames: Picture[] = result.frames.map((data) => ({ width: 64, height: 48, data: Uint8Array.from(data) }));
  return { ...result, frames };
}

/** The picture inside a screenshot of an element that shows it with object-fit: contain. */
function letterboxed(shot: Picture, aspect: number): Picture {
  const width = Math.min(shot.width, Math.round(shot.height * aspect));
  const height = Math.min(shot.height, Math.round(shot.width / aspect));
  const [left, top] = [Math.floor((shot.width - width) / 2), Math.floor((shot.height - height) / 2)];
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) data.set(shot.data.subarray(((top + y) * shot.width + left) * 4, ((top + y) * shot.width + left + width) * 4), y * width * 4);
  return { width, height, data };
}

test('records about 3 s with a style switch part-way; the file holds both styles', async ({ page }) => {
  // A fixed processing size, so the file's frame size is known.
  await page.goto('/?adaptive=off');
  const styles = page.getByRole('radiogroup', { name: 'Styles' });
  await styles.getByRole('radio', { name: /Starry Night/ }).check();
  await page.getByRole('button', { name: 'Start camera' }).click();
  await waitForFrames(page, 5);
  // WebM explicitly: Chromium leaves its duration out, which the app writes in.
  await page.getByLabel('Recording format').selectOption({ label: 'WebM' });

  await page.getByRole('button', { name: 'Record' }).click();
  await expect(page.getByRole('button', { name: 'Stop recording' })).toBeVisible();
  await expect(page.getByText(/Recording 0:0\d · \d+ KB/)).toBeVisible();
  await expect(page.getByText(/^Recording 0:01/)).toBeVisible();
  await styles.getByRole('radio', { name: /Kandinsky, 1912/ }).check();
  await expect(page.getByText(/^Recording 0:03/)).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Stop recording' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^stylized-\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d\.webm$/);
  await expect(page.getByRole('list', { name: 'Recordings' }).getByRole('link', { name: file.suggestedFilename() })).toBeVisible();
  // The stream went on through the recording.
  await waitForFrames(page, 3, (await readStatus(page)).frames);

  const bytes = readFileSync(await file.path());
  const video = await decodeInBrowser(page, bytes, 'video/webm', [0.3, -0.3]);
  // The duration is written into the file, so players can seek.
  expect(video.duration).toBeGreaterThan(2.5);
  expect(video.duration).toBeLessThan(5);
  // The camera's own resolution, whatever size the network runs at.
  expect(`${video.width}×${video.height}`).toBe('640×480');
  const [early, late] = video.frames as [Picture, Picture];
  expect(contrast(early)).toBeGreaterThan(0.03);
  const starry = meanRgb(readStyleImage('starry_night.jpg'));
  const blackSpot = meanRgb(readStyleImage('kandinsky_black_spot.jpg'));
  // Starry Night at the start, Black Spot at the end.
  expect(gridDifference(early, late, 16, 12)).toBeGreaterThan(0.05);
  expect(distance(meanRgb(early), starry)).toBeLessThan(distance(meanRgb(late), starry));
  expect(distance(meanRgb(late), blackSpot)).toBeLessThan(distance(meanRgb(early), blackSpot));
});

test('stopping the source ends the recording and keeps the file', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Start camera' }).click();
  await waitForFrames(page, 3);
  // The default format: MP4 where this browser writes it.
  await expect(page.getByLabel('Recording format')).toHaveValue('0');
  await page.getByRole('button', { name: 'Record' }).click();
  await expect(page.getByText(/^Recording 0:01/)).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Stop camera' }).click();
  const file = await download;
  await expect(page.getByText('The source stopped, so the recording stopped; it is saved below.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Record' })).toBeDisabled();
  const type = file.suggestedFilename().endsWith('.mp4') ? 'video/mp4' : 'video/webm';
  const video = await decodeInBrowser(page, readFileSync(await file.path()), type, [0.2]);
  expect(video.duration).toBeGreaterThan(0.5);
  // Adaptive resolution is on here: the frames it processes shrink, but the file keeps the camera's size.
  expect(`${video.width}×${video.height}`).toBe('640×480');
  expect(contrast(video.frames[0]!)).toBeGreaterThan(0.03);
});

test('a still picture as the source; a snapshot PNG matches the canvas', async ({ page }) => {
  await page.goto('/?adaptive=off');
  await expect(page.getByRole('status')).toContainText('Backend:');
  await page.getByLabel('Source').selectOption('image');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open picture' }).click();
  await (await chooser).setFiles(resolve(sharedModelsDir(), 'content', 'chicago.jpg'));
  await expect(page.getByText('Playing “chicago.jpg”.')).toBeVisible();
  await waitForFrames(page, 4);
  const status = await readStatus(page);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Snapshot', exact: true }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^stylized-.*\.png$/);
  await expect(page.getByText(/Snapshot saved/)).toBeVisible();
  const png = PNG.sync.read(readFileSync(await file.path()));
  // The picture's own size (up to 1080p), not the processing size the status shows.
  expect(`${png.width}×${png.height}`).toBe('640×426');
  expect(status.text).not.toContain(` ${png.width}×${png.height} `);
  const snapshot: Picture = { width: png.width, height: png.height, data: png.data };
  // A still source gives the same stylized frame every time, so the screen and the file agree.
  const onScreen = letterboxed(await capture(page.getByRole('img', { name: 'Stylized video' })), png.width / png.height);
  expect(contrast(snapshot)).toBeGreaterThan(0.03);
  expect(gridDifference(snapshot, onScreen)).toBeLessThan(0.03);
  await page.getByLabel('View').selectOption('side-by-side');
  expect(gridDifference(snapshot, await capture(page.getByLabel('Original video')))).toBeGreaterThan(0.08);
});

test('a video file plays on a loop as the source, keeping the chosen style', async ({ page }) => {
  await page.goto('/?adaptive=off');
  await page.getByRole('radio', { name: /Great Wave/ }).check();
  // A 2 s clip of moving colour bars, made by this browser's own encoder.
  const clip = await page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 240;
    const context = canvas.getContext('2d')!;
    const recorder = new MediaRecorder(canvas.captureStream(30), { mimeType: 'video/webm;codecs=vp8' });
    const chunks: Blob[] = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    let x = 0;
    const timer = setInterval(() => {
      context.fillStyle = '#203040';
      context.fillRect(0, 0, 320, 240);
      ['#e33', '#3e3', '#33e', '#ee3'].forEach((colour, i) => {
        context.fillStyle = colour;
        context.fillRect((x + i * 80) % 320, 40 + i * 40, 60, 40);
      });
      x += 8;
    }, 33);
    recorder.start();
    await new Promise((ok) => setTimeout(ok, 2000));
    recorder.stop();
    await new Promise((ok) => (recorder.onstop = ok));
    clearInterval(timer);
    const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary);
  });
  await page.getByLabel('Source').selectOption('file');
  await expect(page.getByRole('button', { name: 'Open video file' })).toBeVisible();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open video file' }).click();
  await (await chooser).setFiles({ name: 'bars.webm', mimeType: 'video/webm', buffer: Buffer.from(clip, 'base64') });
  await expect(page.getByText('Playing “bars.webm” on a loop.')).toBeVisible();
  const first = await waitForFrames(page, 4);
  // Smaller than the 256 px processing size, so processed as it is.
  expect(first.text).toContain('320×240');
  const canvas = page.getByRole('img', { name: 'Stylized video' });
  const original = page.getByLabel('Original video');
  const a = await capture(canvas);
  const aAt = await original.evaluate((video: HTMLVideoElement) => video.currentTime);
  // Past the clip's 2 s end (a loop seeks back to its start): still flowing, so it loops. The second
  // picture is taken half a second further into the clip than the first (the bars have moved), so
  // a frozen output cannot pass, however the frames line up with the loop.
  await original.evaluate((video: HTMLVideoElement) => new Promise((resolve) => video.addEventListener('seeked', resolve, { once: true })));
  await original.evaluate(
    (video: HTMLVideoElement, after: number) => new Promise<void>((resolve) => {
      const check = () => (video.currentTime >= after ? resolve() : video.requestVideoFrameCallback(check));
      check();
    }),
    Math.min(aAt + 0.5, 1.8),
  );
  await waitForFrames(page, 2, (await readStatus(page)).frames);
  const b = await capture(canvas);
  expect(contrast(a)).toBeGreaterThan(0.03);
  expect(gridDifference(a, b)).toBeGreaterThan(0.01);
  await expect(page.getByRole('radio', { name: /Great Wave/ })).toBeChecked();
  await page.getByRole('button', { name: 'Stop video' }).click();
  await expect(page.getByRole('button', { name: 'Open video file' })).toBeVisible();
});

test('switching from the camera to screen capture stops the camera, keeps the style; view controls work', async ({ page }) => {
  // Records which tracks get stopped, to see that switching releases the camera.
  await page.addInitScript(() => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with each track as `this` below
    const stop = MediaStreamTrack.prototype.stop;
    const stopped: string[] = ((window as unknown as { stoppedTracks: string[] }).stoppedTracks = []);
    MediaStreamTrack.prototype.stop = function (this: MediaStreamTrack) {
      stopped.push(`${this.kind}:${this.label}`);
      stop.call(this);
    };
  });
  await page.goto('/');
  await page.getByRole('radio', { name: /Great Wave/ }).check();
  await page.getByRole('button', { name: 'Start camera' }).click();
  const camera = await waitForFrames(page, 2);
  // While a source is live, choosing another switches at once.
  await page.getByLabel('Source').selectOption('screen');
  await expect(page.getByRole('button', { name: 'Stop sharing' })).toBeVisible();
  await waitForFrames(page, 3, camera.frames);
  const stopped = await page.evaluate(() => (window as unknown as { stoppedTracks: string[] }).stoppedTracks);
  expect(stopped.filter((track) => track.startsWith('video:'))).toHaveLength(1);
  await expect(page.getByRole('radio', { name: /Great Wave/ })).toBeChecked();

  await page.getByLabel('View').selectOption('compare');
  await expect(page.getByRole('slider', { name: 'Split position' })).toHaveValue('50');
  await page.getByRole('slider', { name: 'Split position' }).fill('20');
  await page.getByRole('checkbox', { name: 'Mirror' }).check();
  await expect(page.getByRole('checkbox', { name: 'Mirror' })).toBeChecked();

  await page.getByRole('button', { name: 'Fullscreen' }).click();
  await expect(page.getByRole('button', { name: 'Fullscreen', exact: true })).toHaveAttribute('aria-pressed', 'true');
  // Only the stylized view is on screen now, with its own way out.
  await page.getByRole('button', { name: 'Exit fullscreen' }).click();
  await expect(page.getByRole('button', { name: 'Fullscreen', exact: true })).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByRole('button', { name: 'Exit fullscreen' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Picture in picture' }).click();
  await expect(page.getByRole('button', { name: 'Picture in picture' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: 'Picture in picture' }).click();
  await expect(page.getByRole('button', { name: 'Picture in picture' })).toHaveAttribute('aria-pressed', 'false');

  await page.getByRole('button', { name: 'Stop sharing' }).click();
  await expect(page.getByRole('button', { name: 'Share screen' })).toBeVisible();
});
