import { expect, test, type Page } from '@playwright/test';
import { waitForBackend } from './helpers';

/** The controls whose values are kept, read the way a person sees them. */
async function readControls(page: Page) {
  return {
    strength: await page.getByRole('slider', { name: 'Style strength' }).inputValue(),
    view: await page.getByLabel('View').inputValue(),
    mirror: await page.getByRole('checkbox', { name: 'Mirror' }).isChecked(),
    frameRate: await page.getByRole('slider', { name: 'Target frame rate' }).inputValue(),
    keepColours: await page.getByRole('checkbox', { name: 'Keep original colours' }).isChecked(),
    reduceFlicker: await page.getByRole('checkbox', { name: 'Reduce flicker' }).isChecked(),
    detail: await page.getByRole('slider', { name: 'Detail' }).inputValue(),
    output: await page.getByRole('combobox', { name: 'Output resolution' }).inputValue(),
    cycle: await page.getByRole('checkbox', { name: 'Cycle styles' }).isChecked(),
    cycleInterval: await page.getByRole('slider', { name: 'Cycle interval' }).inputValue(),
    favouritesOnly: await page.getByRole('checkbox', { name: 'Only favourites' }).isChecked(),
  };
}

async function loaded(page: Page) {
  await waitForBackend(page);
  // The kept style is put back once the styles are loaded.
  await expect(page.getByRole('radiogroup', { name: 'Styles' }).getByRole('radio')).toHaveCount(7);
}

test('settings survive a reload, and Reset settings brings the defaults back for good', async ({ page }) => {
  await page.goto('/');
  await loaded(page);
  const defaults = await readControls(page);

  await page.getByRole('radiogroup', { name: 'Styles' }).getByRole('radio', { name: /Starry Night/ }).check();
  await page.getByRole('slider', { name: 'Style strength' }).fill('70');
  await page.getByLabel('View').selectOption('side-by-side');
  await page.getByRole('checkbox', { name: 'Mirror' }).check();
  await page.getByRole('slider', { name: 'Target frame rate' }).fill('12');
  await page.getByRole('checkbox', { name: 'Keep original colours' }).check();
  await page.getByRole('checkbox', { name: 'Reduce flicker' }).uncheck();
  await page.getByRole('slider', { name: 'Detail' }).fill('30');
  await page.getByRole('combobox', { name: 'Output resolution' }).selectOption('720');
  await page.getByRole('slider', { name: 'Cycle interval' }).fill('60');
  await page.getByRole('checkbox', { name: 'Only favourites' }).check();
  await page.getByRole('checkbox', { name: 'Cycle styles' }).check();
  // Stars are kept with the person's styles (IndexedDB), and Reset settings leaves them.
  await page.getByRole('button', { name: /^Favourite The Starry Night/ }).click();
  const starred = page.getByRole('button', { name: /^Favourite The Starry Night/ });
  const changed = await readControls(page);
  expect(changed).not.toEqual(defaults);

  await page.reload();
  await loaded(page);
  await expect(page.getByRole('radiogroup', { name: 'Styles' }).getByRole('radio', { name: /Starry Night/ })).toBeChecked();
  expect(await readControls(page)).toEqual(changed);
  await expect(starred).toHaveAttribute('aria-pressed', 'true');

  await page.getByRole('button', { name: 'Reset settings' }).click();
  await expect(page.getByRole('radiogroup', { name: 'Styles' }).getByRole('radio', { name: /Udnie/ })).toBeChecked();
  expect(await readControls(page)).toEqual(defaults);
  await page.reload();
  await loaded(page);
  await expect(page.getByRole('radiogroup', { name: 'Styles' }).getByRole('radio', { name: /Udnie/ })).toBeChecked();
  expect(await readControls(page)).toEqual(defaults);
  await expect(starred).toHaveAttribute('aria-pressed', 'true');
});

test('settings from the address last for that visit only, and the notice says so', async ({ page }) => {
  await page.goto('/');
  await loaded(page);
  await page.getByRole('slider', { name: 'Target frame rate' }).fill('12');
  await page.getByRole('radiogroup', { name: 'Styles' }).getByRole('radio', { name: /Seaport/ }).check();
  const kept = await readControls(page);

  await page.goto('/?fps=5&style=great_wave');
  await loaded(page);
  await expect(page.getByText('Settings from the address (5 fps) apply to this visit only; your kept settings are unchanged.')).toBeVisible();
  await expect(page.getByRole('slider', { name: 'Target frame rate' })).toHaveValue('5');
  await expect(page.getByRole('radiogroup', { name: 'Styles' }).getByRole('radio', { name: /Great Wave/ })).toBeChecked();
  // A change of the person's own during that visit is kept as usual.
  await page.getByRole('slider', { name: 'Style strength' }).fill('60');

  await page.goto('/');
  await loaded(page);
  await expect(page.getByRole('radiogroup', { name: 'Styles' }).getByRole('radio', { name: /Seaport/ })).toBeChecked();
  expect(await readControls(page)).toEqual({ ...kept, strength: '60' });
});
