import { expect, test } from '@playwright/test';
import { capture, distance, meanRgb, readStyleImage, waitForFrames } from './helpers';
import { FIRST_VISIT } from './setup/state-files';

// A first visit: nothing kept, so the engines are timed after the networks load, as a new visitor's are.
test.use({ storageState: FIRST_VISIT });

// The style gallery needs no network: it shows while the networks still load, a style picked there
// is kept, and the first stylized frames are in that style.
test('the gallery shows before the networks are loaded, and a style picked there is the first one drawn', async ({ page }) => {
  // The transformer's weights are held back until the gallery has been used.
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/fast-transformer/weights.json', async (route) => {
    await released;
    await route.continue();
  });
  await page.goto('/?network=fast');
  const styles = page.getByRole('radiogroup', { name: 'Styles' });
  await expect(styles.getByRole('radio')).toHaveCount(7);
  await expect(page.getByRole('status')).not.toContainText('Backend:');
  await styles.getByRole('radio', { name: /Starry Night/ }).check();
  await expect(styles.getByRole('radio', { name: /Starry Night/ })).toBeChecked();

  release();
  await page.getByRole('button', { name: 'Start camera' }).click();
  await waitForFrames(page, 3);
  await expect(styles.getByRole('radio', { name: /Starry Night/ })).toBeChecked();
  await page.getByLabel('View').selectOption('side-by-side');
  const [camera, stylized] = [await capture(page.getByLabel('Original video')), await capture(page.getByRole('img', { name: 'Stylized video' }))];
  const style = meanRgb(readStyleImage('starry_night.jpg'));
  expect(distance(meanRgb(stylized), style)).toBeLessThan(distance(meanRgb(camera), style));
  // And not the first built-in style, which the app would have started with.
  expect(distance(meanRgb(stylized), style)).toBeLessThan(distance(meanRgb(stylized), meanRgb(readStyleImage('udnie.jpg'))));
});
