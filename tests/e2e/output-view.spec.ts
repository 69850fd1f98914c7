import { expect, test, type Page } from '@playwright/test';
import { capture, contrast } from './helpers';

/** The worker's own frame count (the status line is hidden in this view). */
function framesStylized(page: Page) {
  return page.evaluate(() => {
    const app = document.querySelector('stylizer-app') as unknown as { connection: { stats: { framesStylized: number } | null } };
    return app.connection.stats?.framesStylized ?? 0;
  });
}

// The address a streaming program's browser source opens: nobody there presses Start camera.
test('?view=output fills the page with the stylized video, starts the camera, and shows controls only on demand', async ({ page }) => {
  await page.goto('/?view=output&style=starry_night');
  await expect.poll(() => framesStylized(page), { timeout: 120_000 }).toBeGreaterThan(2);
  const canvas = page.getByRole('img', { name: 'Stylized video' });
  const box = (await canvas.boundingBox())!;
  const viewport = page.viewportSize()!;
  expect(box.width).toBeGreaterThanOrEqual(viewport.width - 1);
  expect(box.height).toBeGreaterThanOrEqual(viewport.height - 1);
  expect(contrast(await capture(canvas))).toBeGreaterThan(0.03);
  // No controls and no status line over the picture.
  await expect(page.getByRole('button', { name: 'Stop camera' })).toBeHidden();
  await expect(page.getByRole('status')).toBeHidden();
  await expect(page.getByRole('radio', { name: /Starry Night/, includeHidden: true })).toBeChecked();
  // Frames keep flowing in this view.
  const frames = await framesStylized(page);
  await expect.poll(() => framesStylized(page), { timeout: 60_000 }).toBeGreaterThan(frames + 2);

  // A pointer movement brings the controls over the picture; they go again after 3 s.
  await page.mouse.move(200, 200);
  await page.mouse.move(300, 300);
  await expect(page.getByRole('button', { name: 'Stop camera' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Stop camera' })).toBeHidden({ timeout: 10_000 });
});

test('an unknown ?style is explained and the first style used', async ({ page }) => {
  await page.goto('/?style=mona_lisa');
  await expect(page.getByText(/Unknown style "mona_lisa" in the address/)).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole('radio', { name: /Udnie/ })).toBeChecked();
});
