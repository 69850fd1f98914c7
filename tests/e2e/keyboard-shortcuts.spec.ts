import { expect, test } from '@playwright/test';
import { waitForBackend, waitForFrames } from './helpers';

// Every shortcut does what its control does, from anywhere on the page but never while a text
// field, slider or list has the keys. (F, fullscreen, is left out: headless Chromium has no screen.)
test('keyboard shortcuts drive the app, and stay out of text fields, sliders and lists', async ({ page }) => {
  await page.goto('/');
  await waitForBackend(page);
  const styles = page.getByRole('radiogroup', { name: 'Styles' });
  const announcement = page.locator('stylizer-app .style-announcement[aria-live="polite"]');

  // The help: "?" and the button open the same dialog; Escape closes it.
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help.getByRole('row')).toHaveCount(10);
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(help).toBeVisible();
  await help.getByRole('button', { name: 'Close' }).click();
  await expect(help).toBeHidden();
  await page.locator('h1').click();

  // K starts the camera (and stops it at the end).
  await page.keyboard.press('k');
  await expect(page.getByRole('button', { name: 'Stop camera' })).toBeVisible();
  await waitForFrames(page, 2);

  // Styles: next, previous, by number, each announced to screen readers.
  await expect(styles.getByRole('radio', { name: /Udnie/ })).toBeChecked();
  await page.keyboard.press('ArrowRight');
  await expect(styles.getByRole('radio', { name: /Seaport/ })).toBeChecked();
  await expect(announcement).toHaveText(/Style: .*Seaport/);
  await page.keyboard.press('ArrowLeft');
  await expect(styles.getByRole('radio', { name: /Udnie/ })).toBeChecked();
  await page.keyboard.press('ArrowLeft');
  await expect(styles.getByRole('radio', { name: /Delaunay/ })).toBeChecked();
  await page.keyboard.press('3');
  await expect(styles.getByRole('radio', { name: /Starry Night/ })).toBeChecked();
  await expect(announcement).toHaveText(/Style: .*Starry Night/);

  // M mirrors; O shows the original while held.
  const mirror = page.getByRole('checkbox', { name: 'Mirror' });
  await page.keyboard.press('m');
  await expect(mirror).toBeChecked();
  await page.keyboard.press('m');
  await expect(mirror).not.toBeChecked();
  const original = page.getByLabel('Original video');
  await expect(original).toBeHidden();
  await page.keyboard.down('o');
  await expect(original).toBeVisible();
  await page.waitForTimeout(400);
  await page.keyboard.up('o');
  await expect(original).toBeHidden();

  // S saves a snapshot; R starts and stops a recording.
  const snapshot = page.waitForEvent('download');
  await page.keyboard.press('s');
  expect((await snapshot).suggestedFilename()).toMatch(/\.png$/);
  await page.keyboard.press('r');
  await expect(page.getByRole('button', { name: 'Stop recording' })).toBeVisible();
  await page.waitForTimeout(1000);
  const recording = page.waitForEvent('download');
  await page.keyboard.press('r');
  expect((await recording).suggestedFilename()).toMatch(/\.(mp4|webm)$/);

  // X: a surprise mix, so no single style is checked any more.
  await page.keyboard.press('x');
  await expect(styles.getByRole('radio', { checked: true })).toHaveCount(0);
  await page.keyboard.press('1');
  await expect(styles.getByRole('radio', { name: /Udnie/ })).toBeChecked();

  // Keys that belong to a focused control: a slider's arrows, a list's letters, a text field's typing.
  const detail = page.getByRole('slider', { name: 'Detail' });
  await detail.focus();
  await page.keyboard.press('ArrowRight');
  await expect(detail).toHaveValue('65');
  await page.keyboard.press('3');
  await expect(styles.getByRole('radio', { name: /Udnie/ })).toBeChecked();
  await page.getByRole('combobox', { name: 'Output resolution' }).focus();
  await page.keyboard.press('m');
  await expect(mirror).not.toBeChecked();
  await page.getByRole('button', { name: 'Mix styles' }).click();
  const name = page.getByRole('textbox', { name: 'Name for this style' });
  await name.fill('');
  await name.pressSequentially('mrsx 2');
  await expect(name).toHaveValue('mrsx 2');
  await expect(mirror).not.toBeChecked();
  await expect(page.getByRole('button', { name: 'Stop recording' })).toHaveCount(0);

  await page.locator('h1').click();
  await page.keyboard.press('k');
  await expect(page.getByRole('button', { name: 'Start camera' })).toBeVisible();
});
