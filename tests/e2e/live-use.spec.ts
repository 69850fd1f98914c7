import { expect, test, type Locator, type Page } from '@playwright/test';
import { capture, distance, gridDifference, meanRgb, readStyleImage, stylizerWorker, switchWithoutCrossfade, waitForFrames, waitForFreshFrames, type Picture } from './helpers';

async function startCamera(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Start camera' }).click();
  await waitForFrames(page, 3);
  // Style changes show on the next frame, so a picture of the new style needs no waiting out a fade.
  await switchWithoutCrossfade(page);
}

/** The canvas a few frames after now. */
async function settledPicture(page: Page, canvas: Locator): Promise<Picture> {
  await waitForFreshFrames(page, 2);
  return capture(canvas);
}

/** An uncaught error inside the worker, as a crash in tfjs or a driver would raise; waits for the new worker's frames. */
async function crashWorker(page: Page) {
  await stylizerWorker(page).evaluate(() => setTimeout(() => { throw new Error('simulated crash'); }));
  await expect(page.getByText(/The stylizer stopped \(.*simulated crash.*\); it was restarted/)).toBeVisible({ timeout: 30_000 });
  await waitForFrames(page, 2, 0, 60_000);
}

test('Cycle styles takes turns through the favourites by itself, goes on after a worker restart, and stops on a manual pick', async ({ page }) => {
  // The page's clock is Playwright's (running at the real pace): each 5 s turn is skipped, not waited out.
  await page.clock.install();
  await startCamera(page);
  const gallery = page.getByRole('radiogroup', { name: 'Styles' });
  const canvas = page.getByRole('img', { name: 'Stylized video' });
  const cycle = page.getByRole('checkbox', { name: 'Cycle styles' });

  // Two favourites; Udnie (on screen) is not one of them.
  for (const name of [/^Favourite The Great Wave/, /^Favourite Seaport/]) {
    await page.getByRole('button', { name }).click();
    await expect(page.getByRole('button', { name })).toHaveAttribute('aria-pressed', 'true');
  }
  await page.getByRole('checkbox', { name: 'Only favourites' }).check();
  await page.getByRole('slider', { name: 'Cycle interval' }).fill('5');
  await cycle.check();

  // The favourites in gallery order: Seaport, then The Great Wave, each announced and each on the canvas.
  await page.clock.fastForward('00:05');
  await expect(gallery.getByRole('radio', { name: /Seaport/ })).toBeChecked();
  await expect(page.locator('.style-announcement')).toHaveText(/Style: Seaport/);
  const seaport = await settledPicture(page, canvas);
  await expect(gallery.getByRole('radio', { name: /Great Wave/ })).not.toBeChecked();
  await page.clock.fastForward('00:05');
  await expect(gallery.getByRole('radio', { name: /Great Wave/ })).toBeChecked();
  const wave = await settledPicture(page, canvas);
  const waveStyle = meanRgb(readStyleImage('great_wave.jpg'));
  expect(gridDifference(seaport, wave)).toBeGreaterThan(0.05);
  expect(distance(meanRgb(wave), waveStyle)).toBeLessThan(distance(meanRgb(seaport), waveStyle));

  // A new worker: the cycle goes on where it was.
  await crashWorker(page);
  await expect(cycle).toBeChecked();
  await page.clock.fastForward('00:05');
  await expect(gallery.getByRole('radio', { name: /Seaport/ })).toBeChecked();

  // A person's pick ends it, says so, and stays.
  await gallery.getByRole('radio', { name: /Udnie/ }).check();
  await expect(cycle).not.toBeChecked();
  await expect(page.getByText('Cycling stopped because a style was picked.')).toBeVisible();
  await page.clock.fastForward('00:06');
  await expect(gallery.getByRole('radio', { name: /Udnie/ })).toBeChecked();
  await expect(gallery.getByRole('radio', { name: /Seaport/ })).not.toBeChecked();
});

/** The pop-out window's video: how many frames it has shown so far, and the mean colour (0..1) of its current frame. */
function popOutVideo(popOut: Page) {
  const video = popOut.locator('video');
  return {
    video,
    presented: () => video.evaluate((element: HTMLVideoElement) => element.getVideoPlaybackQuality().totalVideoFrames),
    // Drawn at the video's own size: a screenshot would include the window's black bars.
    meanColour: () =>
      video.evaluate((element: HTMLVideoElement) => {
        const context = new OffscreenCanvas(element.videoWidth, element.videoHeight).getContext('2d')!;
        context.drawImage(element, 0, 0);
        const { data } = context.getImageData(0, 0, element.videoWidth, element.videoHeight);
        const sum = [0, 0, 0];
        for (let i = 0; i < data.length; i += 4) for (let c = 0; c < 3; c++) sum[c]! += data[i + c]!;
        return sum.map((value) => value / (data.length / 4) / 255);
      }),
  };
}

test('Pop out shows only the stylized video in its own window, keeps it through a worker restart, and closes', async ({ page, context }) => {
  await startCamera(page);
  await page.getByLabel('View').selectOption('side-by-side');
  await page.getByRole('radiogroup', { name: 'Styles' }).getByRole('radio', { name: /Starry Night/ }).check();
  const starry = await settledPicture(page, page.getByRole('img', { name: 'Stylized video' }));
  const popOutButton = page.getByRole('button', { name: 'Pop out' });

  // Document Picture-in-Picture where the browser has it (headless Chromium does).
  const opened = context.waitForEvent('page');
  await popOutButton.click();
  const popOut = await opened;
  await expect(page.getByText(/in its own picture-in-picture window/)).toBeVisible();
  await expect(popOutButton).toHaveAttribute('aria-pressed', 'true');
  await expect(popOut).toHaveTitle(/Stylized video/);
  // Only the video: no controls, no text.
  await expect(popOut.getByRole('button')).toHaveCount(0);
  expect((await popOut.locator('body').innerText()).trim()).toBe('');
  const { video, presented, meanColour } = popOutVideo(popOut);
  await expect.poll(() => video.evaluate((element: HTMLVideoElement) => [element.videoWidth, element.videoHeight])).toEqual([640, 480]);
  const shown = await presented();
  await expect.poll(presented, { timeout: 20_000 }).toBeGreaterThan(shown + 3);
  // The stylized picture, not the camera's: as close to the page's canvas as to Starry Night's colours.
  const inWindow = await meanColour();
  const camera = meanRgb(await capture(page.getByLabel('Original video')));
  expect(distance(inWindow, meanRgb(starry))).toBeLessThan(distance(camera, meanRgb(starry)) / 2);

  // A restarted worker draws on a new canvas: the window stays and shows it.
  await crashWorker(page);
  const afterRestart = await presented();
  await expect.poll(presented, { timeout: 20_000 }).toBeGreaterThan(afterRestart + 3);

  await popOutButton.click();
  await expect(popOutButton).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(() => popOut.isClosed()).toBe(true);
});

test('without Document Picture-in-Picture, Pop out opens a plain window, and closing it is noticed', async ({ page, context }) => {
  await page.addInitScript(() => delete (window as { documentPictureInPicture?: unknown }).documentPictureInPicture);
  await startCamera(page);
  const popOutButton = page.getByRole('button', { name: 'Pop out' });
  const opened = context.waitForEvent('page');
  // The P key does the same as the button.
  await page.keyboard.press('p');
  const popOut = await opened;
  await expect(page.getByText(/in its own window/)).toBeVisible();
  const { presented } = popOutVideo(popOut);
  await expect.poll(presented, { timeout: 20_000 }).toBeGreaterThan(3);
  await popOut.close();
  await expect(popOutButton).toHaveAttribute('aria-pressed', 'false');
});
