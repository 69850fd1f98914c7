import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { stylizerWorker, waitForFrames } from './helpers';

const transformerShard = readFileSync(resolve(import.meta.dirname, '../../public/models/style-transformer/group1-shard1of1.bin'));
const fastWeights = readFileSync(resolve(import.meta.dirname, '../../public/models/fast-transformer/weights.bin'));

/**
 * Each way a model download can go wrong, and the words that must name it; `query` picks the network
 * that loads (the full one at 128 px: its frames after the recovery cost a quarter, and the subject is the download).
 */
const brokenDownloads = [
  { what: 'a missing model file (404)', query: '?network=full&resolution=128', url: '**/style-transformer/model.json', reply: { status: 404, body: 'Not found' }, message: /style-transformer.*404/ },
  { what: 'a truncated weight shard', query: '?network=full&resolution=128', url: '**/style-transformer/group1-shard1of1.bin', reply: { status: 200, body: transformerShard.subarray(0, 1000) }, message: /style-transformer/ },
  { what: 'a missing fast network (404)', query: '?network=fast', url: '**/fast-transformer/weights.json', reply: { status: 404, body: 'Not found' }, message: /fast-transformer.*404/ },
  { what: 'truncated fast network weights', query: '?network=fast', url: '**/fast-transformer/weights.bin', reply: { status: 200, body: fastWeights.subarray(0, 1000) }, message: /fast-transformer/ },
  { what: 'invalid JSON', query: '', url: '**/style-predictor/model.json', reply: { status: 200, body: '{"modelTopology": ', contentType: 'application/json' }, message: /style-predictor/ },
] as const;

for (const broken of brokenDownloads) {
  test(`${broken.what} gives a message naming it, and Retry recovers once the file is back`, async ({ page }) => {
    await page.route(broken.url, (route) => route.fulfill(broken.reply));
    await page.goto(`/${broken.query}`);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('The style networks could not be loaded.', { timeout: 60_000 });
    await expect(alert).toContainText(broken.message);
    await expect(page.getByRole('status')).toHaveText('Stopped.');
    await expect(page.getByRole('progressbar', { name: 'Loading models' })).toHaveCount(0);

    await page.unroute(broken.url);
    await alert.getByRole('button', { name: 'Retry' }).click();
    await expect(page.getByRole('status')).toContainText('Backend:', { timeout: 60_000 });
    await expect(page.getByRole('alert')).toHaveCount(0);
    await page.getByRole('button', { name: 'Start camera' }).click();
    await waitForFrames(page, 3);
  });
}

test('a crashed worker is replaced and the stream resumes with the same style', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('radiogroup', { name: 'Styles' }).getByRole('radio', { name: /Great Wave/ }).check();
  await page.getByRole('button', { name: 'Start camera' }).click();
  await waitForFrames(page, 3);

  // An uncaught error inside the worker, as a crash in tfjs or a driver would raise.
  await stylizerWorker(page).evaluate(() => setTimeout(() => { throw new Error('simulated crash'); }));
  await expect(page.getByText(/The stylizer stopped \(.*simulated crash.*\); it was restarted/)).toBeVisible({ timeout: 30_000 });
  // Counts start again in the new worker; frames flow without the person doing anything.
  await waitForFrames(page, 3, 0, 60_000);
  await expect(page.getByRole('radio', { name: /Great Wave/ })).toBeChecked();
  await expect(page.getByRole('button', { name: 'Stop camera' })).toBeVisible();
});

type AppInternals = { connection: { stats: { framesStylized: number } | null }; source: { video: HTMLVideoElement } };

/** The stylized-frame count of the worker's next stats report (it reports every 500 ms). */
function framesInNextReport(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const connection = (document.querySelector('stylizer-app') as unknown as AppInternals).connection;
        const current = connection.stats;
        const check = () => (connection.stats !== current && connection.stats ? resolve(connection.stats.framesStylized) : setTimeout(check, 20));
        check();
      }),
  );
}

/** Resolves once the source has shown `count` more frames in the page, stylized or not. */
function cameraFrames(page: Page, count: number): Promise<void> {
  return page.evaluate(
    (wanted) =>
      new Promise<void>((resolve) => {
        const video = (document.querySelector('stylizer-app') as unknown as AppInternals).source.video;
        let left = wanted;
        const next = () => (--left <= 0 ? resolve() : video.requestVideoFrameCallback(next));
        video.requestVideoFrameCallback(next);
      }),
    count,
  );
}

test('a hidden tab stops stylizing and a visible one picks up again', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Start camera' }).click();
  await waitForFrames(page, 3);

  const setHidden = (hidden: boolean) =>
    page.evaluate((value) => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (value ? 'hidden' : 'visible') });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => value });
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);
  await setHidden(true);
  await expect(page.getByRole('status')).toContainText('paused while this tab is hidden');
  // The frame in flight may finish and be counted; after that nothing is sent. Settled: two worker
  // reports in a row with the same count (if frames were still sent, this would time out).
  let hiddenAt = await framesInNextReport(page);
  await expect.poll(async () => hiddenAt === (hiddenAt = await framesInNextReport(page)), { intervals: [0] }).toBe(true);
  // The camera goes on delivering frames; none of them is stylized.
  await cameraFrames(page, 30);
  expect(await framesInNextReport(page)).toBe(hiddenAt);

  await setHidden(false);
  await expect(page.getByRole('status')).not.toContainText('paused');
  await waitForFrames(page, 3, hiddenAt);
});

test('a worker that stops answering is noticed and replaced', async ({ page }) => {
  // The page's clock is Playwright's (it runs at the real pace until told otherwise), so the 30 s
  // of silence the watchdog waits for can be skipped instead of waited out.
  await page.clock.install();
  await page.goto('/');
  await page.getByRole('button', { name: 'Start camera' }).click();
  await waitForFrames(page, 3);

  // A terminated worker raises no event at all: only its silence gives it away.
  await stylizerWorker(page).evaluate(() => self.close());
  await expect(page.getByText(/it was restarted/)).toHaveCount(0);
  await page.clock.fastForward('00:31');
  await expect(page.getByText(/The stylizer stopped \(no reply for 30 s\); it was restarted/)).toBeVisible();
  await waitForFrames(page, 3, 0, 60_000);
});
