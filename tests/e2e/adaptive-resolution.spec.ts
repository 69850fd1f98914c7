import { expect, test } from '@playwright/test';
import { readStatus, waitForFrames } from './helpers';

const size = (text: string) => /(\d+)×(\d+)/.exec(text)?.slice(1).map(Number) ?? [0, 0];

// 60 fps at 256 px is beyond any CPU (WASM takes 100+ ms a frame here), so the adapter must step down.
test('adaptive resolution steps down to hold the frame rate, shows it, and can be turned off', async ({ page }) => {
  await page.goto('/?fps=60');
  await expect(page.getByRole('checkbox', { name: 'Adaptive resolution' })).toBeChecked();
  await page.getByRole('button', { name: 'Start camera' }).click();
  const first = await waitForFrames(page, 2);
  expect(first.text).toContain('340×256 (adaptive)');
  await expect.poll(async () => size((await readStatus(page)).text)[1], { timeout: 90_000 }).toBeLessThan(256);
  // Never below half the chosen resolution.
  const [, height] = size((await readStatus(page)).text);
  expect(height).toBeGreaterThanOrEqual(128);

  await page.getByRole('checkbox', { name: 'Adaptive resolution' }).uncheck();
  await expect.poll(async () => (await readStatus(page)).text, { timeout: 60_000 }).toMatch(/ 340×256 · /);
  // Fixed means fixed: still the chosen size a few frames later.
  const fixed = await waitForFrames(page, 4, (await readStatus(page)).frames);
  expect(fixed.text).toContain(' 340×256 · ');
});

test('moving Style strength or Crossfade leaves the adaptive resolution where it settled', async ({ page }) => {
  await page.goto('/?fps=60');
  await page.getByRole('button', { name: 'Start camera' }).click();
  await waitForFrames(page, 2);
  await expect.poll(async () => size((await readStatus(page)).text)[1], { timeout: 90_000 }).toBeLessThan(256);
  const settled = size((await readStatus(page)).text)[1]!;
  // Before, every control sent every setting and the worker restarted its search at 256 px.
  const strength = page.getByRole('slider', { name: 'Style strength' });
  await strength.fill('80');
  await page.getByRole('slider', { name: 'Crossfade' }).fill('500');
  await strength.fill('90');
  const after = await waitForFrames(page, 4, (await readStatus(page)).frames);
  expect(size(after.text)[1]).toBeLessThanOrEqual(settled);
});
