import { expect, test } from '@playwright/test';
import { capture, contrast, gridDifference, readStatus, waitForFrames } from './helpers';

// Software GPUs take seconds per frame here, so these only prove that each path yields stylized frames.
for (const [backend, label] of [['webgpu', 'WebGPU'], ['webgl', 'WebGL']] as const) {
  test(`?backend=${backend} produces stylized frames`, async ({ page }) => {
    await page.goto(`/?backend=${backend}&resolution=32`);
    await expect(page.getByRole('status')).toContainText(`Backend: ${label}`, { timeout: 120_000 });
    await expect(page.getByText(`Using ${label}, as the address asks.`)).toBeVisible();
    await page.getByLabel('Show original side by side').check();
    await page.getByRole('button', { name: 'Start camera' }).click();
    await waitForFrames(page, 2, 0, 150_000);
    const status = await readStatus(page);
    expect(status.text).toMatch(/44×32/);
    const stylized = await capture(page.getByRole('img', { name: 'Stylized video' }));
    const original = await capture(page.getByLabel('Original camera video'));
    expect(contrast(stylized)).toBeGreaterThan(0.03);
    expect(gridDifference(original, stylized, 8, 6)).toBeGreaterThan(0.05);
  });
}
