import { readdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium-args.mjs';

// No fake camera: Chromium looks for real ones, and a CI machine has none.
test.use({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs({ fakeCamera: false }) } });

const machineHasCamera = readdirSync('/dev').some((name) => name.startsWith('video'));

test('a machine without a camera gets a clear message, and the app stays usable', async ({ page }) => {
  test.skip(machineHasCamera, 'this machine has a real camera, so "no camera" cannot happen here');
  await page.goto('/');
  await expect(page.getByRole('status')).toContainText('Backend:', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Start camera' }).click();
  await expect(page.getByRole('alert')).toContainText('No camera was found. Connect a camera');
  await expect(page.getByRole('button', { name: 'Start camera' })).toBeEnabled();
  // Trying again gives the same sentence, not a stuck "Waiting for the camera".
  await page.getByRole('button', { name: 'Start camera' }).click();
  await expect(page.getByRole('alert')).toContainText('No camera was found.');
  await expect(page.getByText('Waiting for the camera')).toHaveCount(0);
  // The styles still work without a camera.
  await page.getByRole('radio', { name: /Great Wave/ }).check();
  await expect(page.getByRole('radio', { name: /Great Wave/ })).toBeChecked();
});
