import { expect, test, type Locator, type Page } from '@playwright/test';
import { waitForBackend, waitForFrames, waitForFreshFrames } from './helpers';

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
  await expect(help.getByRole('row')).toHaveCount(13);
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
  // Held while a frame is drawn, then let go.
  await waitForFreshFrames(page, 1);
  await page.keyboard.up('o');
  await expect(original).toBeHidden();

  // S saves a snapshot; R starts and stops a recording.
  const snapshot = page.waitForEvent('download');
  await page.keyboard.press('s');
  expect((await snapshot).suggestedFilename()).toMatch(/\.png$/);
  await page.keyboard.press('r');
  await expect(page.getByRole('button', { name: 'Stop recording' })).toBeVisible();
  await expect(page.getByText(/^Recording 0:01/)).toBeVisible();
  const recording = page.waitForEvent('download');
  await page.keyboard.press('r');
  expect((await recording).suggestedFilename()).toMatch(/\.(mp4|webm)$/);

  // C switches Cycle styles on and off (P, Pop out, is in live-use.spec.ts).
  const cycle = page.getByRole('checkbox', { name: 'Cycle styles' });
  await page.keyboard.press('c');
  await expect(cycle).toBeChecked();
  await page.keyboard.press('c');
  await expect(cycle).not.toBeChecked();

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
  await name.pressSequentially('mrsxcp 2');
  await expect(name).toHaveValue('mrsxcp 2');
  await expect(mirror).not.toBeChecked();
  await expect(cycle).not.toBeChecked();
  await expect(page.getByRole('button', { name: 'Pop out' })).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByRole('button', { name: 'Stop recording' })).toHaveCount(0);

  await page.locator('h1').click();
  await page.keyboard.press('k');
  await expect(page.getByRole('button', { name: 'Start camera' })).toBeVisible();
});

/** Presses Tab (Shift+Tab when `back`) until the control is focused; fails after a page's worth of stops. */
async function tabTo(page: Page, control: Locator, back = false) {
  for (let stop = 0; stop < 120; stop++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const focused = await control.evaluate((element) => {
      let active = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      return active === element;
    });
    if (focused) return;
  }
  throw new Error(`Tab never reached ${control.toString()}`);
}

// A person without a mouse: Tab and Shift+Tab to each control, Enter, Space and arrows to use it.
test('a whole live session by keyboard only, with Tab, Enter, Space and arrows', async ({ page, context }) => {
  await page.goto('/');
  await waitForBackend(page);
  const styles = page.getByRole('radiogroup', { name: 'Styles' });

  await tabTo(page, page.getByRole('button', { name: 'Start camera' }));
  await page.keyboard.press('Enter');
  await waitForFrames(page, 2);

  await tabTo(page, page.getByRole('button', { name: 'Snapshot', exact: true }), true);
  const snapshot = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  expect((await snapshot).suggestedFilename()).toMatch(/\.png$/);
  await tabTo(page, page.getByRole('button', { name: 'Pop out' }));
  const opened = context.waitForEvent('page');
  await page.keyboard.press('Enter');
  const popOut = await opened;
  await page.bringToFront();
  await page.keyboard.press('Enter');
  await expect.poll(() => popOut.isClosed()).toBe(true);

  await tabTo(page, page.getByRole('checkbox', { name: 'Cycle styles' }));
  await page.keyboard.press('Space');
  await expect(page.getByRole('checkbox', { name: 'Cycle styles' })).toBeChecked();
  await tabTo(page, page.getByRole('slider', { name: 'Cycle interval' }));
  await page.keyboard.press('End');
  await expect(page.getByRole('slider', { name: 'Cycle interval' })).toHaveValue('120');

  // The gallery is one Tab stop; arrows pick, which ends cycling.
  await tabTo(page, styles.getByRole('radio', { name: /Udnie/ }));
  await page.keyboard.press('ArrowRight');
  await expect(styles.getByRole('radio', { name: /Seaport/ })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Cycle styles' })).not.toBeChecked();
  await tabTo(page, page.getByRole('button', { name: /^Favourite Seaport/ }));
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: /^Favourite Seaport/ })).toHaveAttribute('aria-pressed', 'true');

  await tabTo(page, page.getByRole('button', { name: 'Stop camera' }), true);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Start camera' })).toBeVisible();
});
