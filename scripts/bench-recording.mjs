// Recording figures, measured through the real app page with the fake camera: frame rate without
// and with a recording running, and each format's bitrate and size per minute at the default settings.
import { statSync } from 'node:fs';

/** @param {import('@playwright/test').Page} page */
async function framesSoFar(page) {
  const text = (await page.getByRole('status').textContent()) ?? '';
  return Number(/(\d+) frames/.exec(text)?.[1] ?? 0);
}

/** @param {import('@playwright/test').Page} page */
async function fpsOver(page, seconds) {
  const [frames, at] = [await framesSoFar(page), Date.now()];
  await page.waitForTimeout(seconds * 1000);
  return ((await framesSoFar(page)) - frames) / ((Date.now() - at) / 1000);
}

/**
 * @param {import('@playwright/test').Browser} browser
 * @param {string} appUrl
 * @param {number} seconds length of each phase
 */
export async function benchRecording(browser, appUrl, seconds) {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  try {
    await page.goto(appUrl);
    await page.getByRole('button', { name: 'Start camera' }).click();
    await page.getByText(/ \d{2,} frames/).waitFor({ timeout: 120_000 });
    const formats = await page.getByLabel('Recording format').locator('option').allTextContents();
    const status = (await page.getByRole('status').textContent()) ?? '';
    const runs = [];
    for (const [index, format] of formats.entries()) {
      await page.getByLabel('Recording format').selectOption(String(index)).catch(() => {});
      const fpsBefore = await fpsOver(page, seconds);
      await page.getByRole('button', { name: 'Record', exact: true }).click();
      const fpsRecording = await fpsOver(page, seconds);
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Stop recording' }).click();
      const file = await download;
      const bytes = statSync(await file.path()).size;
      runs.push({
        format,
        file: file.suggestedFilename(),
        fpsNotRecording: Number(fpsBefore.toFixed(2)),
        fpsRecording: Number(fpsRecording.toFixed(2)),
        seconds,
        bytes,
        kbitPerSecond: Math.round((bytes * 8) / seconds / 1000),
        megabytesPerMinute: Number(((bytes / seconds) * 60 / 1e6).toFixed(2)),
      });
    }
    return { statusLine: status.trim(), runs };
  } finally {
    await context.close();
  }
}
