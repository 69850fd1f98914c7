import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { readFileSync } from 'node:fs';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium-args.mjs';
import { sharedModelsDir } from '../support/paths';
import { distance, meanRgb, readStatus, readStyleImage, stylizerWorker, waitForFrames } from './helpers';

// The person camera (a slow push-in on a head-and-shoulders photo): Stylize → Person only and
// Background only. Where the person is and where the room is come from MediaPipe's own mask of
// one of its frames, shrunk well inside each region so the push-in and the sway keep them there.
test.use({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs({ cameraFile: resolve(sharedModelsDir(), 'fake-camera-person.y4m') }) } });

/**
 * Points (0..1 of the width and height) that are person, or background, in MediaPipe's mask of a
 * frame of the clip, and everywhere within `MARGIN` pixels of them: far from the outline. With the
 * default margin they stay so in every frame of the clip despite its push-in and sway.
 */
function regionPoints(MARGIN = 48): { person: [number, number][]; background: [number, number][] } {
  const mask = PNG.sync.read(readFileSync(resolve(sharedModelsDir(), 'segmentation', 'reference', 'fake-camera-person_f24__mediapipe_mask_640x480.png')));
  const at = (x: number, y: number) => mask.data[(y * mask.width + x) * 4]! / 255;
  const STEP = 16;
  const person: [number, number][] = [];
  const background: [number, number][] = [];
  for (let y = MARGIN; y < mask.height - MARGIN; y += STEP) {
    for (let x = MARGIN; x < mask.width - MARGIN; x += STEP) {
      let all = 1;
      let none = 1;
      for (let dy = -MARGIN; dy <= MARGIN; dy += STEP / 2) {
        for (let dx = -MARGIN; dx <= MARGIN; dx += STEP / 2) {
          const value = at(x + dx, y + dy);
          all = Math.min(all, value > 0.9 ? 1 : 0);
          none = Math.min(none, value < 0.1 ? 1 : 0);
        }
      }
      if (all) person.push([x / mask.width, y / mask.height]);
      if (none) background.push([x / mask.width, y / mask.height]);
    }
  }
  return { person, background };
}

interface RegionColours {
  stylized: { person: number[]; background: number[] };
  camera: { person: number[]; background: number[] };
}

/** Mean RGB (0..1) of the stylized picture and of the camera's, at the person's and the background's points, from the same moment. */
function regionColours(page: Page, points: ReturnType<typeof regionPoints>): Promise<RegionColours> {
  return page.evaluate((points) => {
    const app = document.querySelector('stylizer-app')!;
    const root = app.shadowRoot!;
    const canvas = root.querySelector<HTMLCanvasElement>('canvas')!;
    const video = root.querySelector('video')!;
    const read = (source: CanvasImageSource) => {
      const scratch = new OffscreenCanvas(320, 240);
      const context = scratch.getContext('2d')!;
      context.drawImage(source, 0, 0, 320, 240);
      const { data } = context.getImageData(0, 0, 320, 240);
      const mean = (list: [number, number][]) => {
        const sum = [0, 0, 0];
        for (const [u, v] of list) {
          const i = (Math.floor(v * 240) * 320 + Math.floor(u * 320)) * 4;
          for (let c = 0; c < 3; c++) sum[c]! += data[i + c]! / 255;
        }
        return sum.map((value) => value / list.length);
      };
      return { person: mean(points.person), background: mean(points.background) };
    };
    return { stylized: read(canvas), camera: read(video) };
  }, points);
}

/**
 * Chooses a region and waits until the picture shows it: the region that stays the camera's is
 * within 0.05 of the camera's colour (the network loads in the background meanwhile, the whole
 * frame stylized), then a few more frames for the steadied mask to settle.
 */
async function chooseRegion(page: Page, label: string, points: ReturnType<typeof regionPoints>, unstylized: 'person' | 'background'): Promise<void> {
  await page.getByRole('combobox', { name: 'Stylize' }).selectOption({ label });
  await expect
    .poll(async () => { const colours = await regionColours(page, points); return distance(colours.stylized[unstylized], colours.camera[unstylized]); }, { timeout: 60_000 })
    .toBeLessThan(0.05);
  await waitForFrames(page, 4, (await readStatus(page)).frames);
}

test('Person only and Background only stylize their own region and leave the other the camera’s, also after a worker restart', async ({ page }) => {
  const points = regionPoints();
  expect(points.person.length).toBeGreaterThan(20);
  expect(points.background.length).toBeGreaterThan(20);
  const style = meanRgb(readStyleImage('starry_night.jpg'));

  await page.goto('/');
  await page.getByRole('radiogroup', { name: 'Styles' }).getByRole('radio', { name: /Starry Night/ }).check();
  await page.getByRole('button', { name: 'Start camera' }).click();
  await waitForFrames(page, 3);

  /** How much closer to the style's colour the stylized region is than the camera's (positive: toward the style). */
  const towardStyle = (colours: RegionColours, region: 'person' | 'background') =>
    distance(colours.camera[region], style) - distance(colours.stylized[region], style);
  const fromCamera = (colours: RegionColours, region: 'person' | 'background') => distance(colours.stylized[region], colours.camera[region]);

  const everything = await regionColours(page, points);
  // The style moves both regions when it covers the whole frame: the yardstick for the two below.
  expect(towardStyle(everything, 'person')).toBeGreaterThan(0.05);
  expect(towardStyle(everything, 'background')).toBeGreaterThan(0.05);

  await chooseRegion(page, 'Background only', points, 'person');
  const backgroundOnly = await regionColours(page, points);
  expect(fromCamera(backgroundOnly, 'person')).toBeLessThan(0.05);
  expect(towardStyle(backgroundOnly, 'background')).toBeGreaterThan(0.05);

  // A crashed worker is replaced, and the new one gets Background only again: the person stays the camera's.
  await stylizerWorker(page).evaluate(() => setTimeout(() => { throw new Error('simulated crash'); }));
  await expect(page.getByText(/The stylizer stopped \(.*simulated crash.*\); it was restarted/)).toBeVisible({ timeout: 30_000 });
  await waitForFrames(page, 3, 0, 60_000);
  await expect(page.getByRole('combobox', { name: 'Stylize' })).toHaveValue('background');
  await expect
    .poll(async () => { const colours = await regionColours(page, points); return distance(colours.stylized.person, colours.camera.person); }, { timeout: 60_000 })
    .toBeLessThan(0.05);

  await chooseRegion(page, 'Person only', points, 'background');
  const personOnly = await regionColours(page, points);
  expect(fromCamera(personOnly, 'background')).toBeLessThan(0.05);
  expect(towardStyle(personOnly, 'person')).toBeGreaterThan(0.05);

  // B cycles on (once the select, which keeps its keys, lets go of the focus), and the choice is kept.
  await page.getByRole('combobox', { name: 'Stylize' }).blur();
  await page.keyboard.press('b');
  await expect(page.getByRole('combobox', { name: 'Stylize' })).toHaveValue('background');
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Stylize' })).toHaveValue('background');
  await page.keyboard.press('b');
  await expect(page.getByRole('combobox', { name: 'Stylize' })).toHaveValue('both');
  await page.keyboard.press('b');
  await expect(page.getByRole('combobox', { name: 'Stylize' })).toHaveValue('everything');
  console.log(JSON.stringify({ everything, backgroundOnly, personOnly, style }));
});

test('a segmentation network that cannot load is named, the select is disabled with the reason, and frames go on', async ({ page }) => {
  await page.route('**/segmentation/tfjs_landscape/model.json', (route) => route.fulfill({ status: 404, body: 'missing' }));
  await page.goto('/');
  await page.getByRole('button', { name: 'Start camera' }).click();
  await waitForFrames(page, 3);
  await page.getByRole('combobox', { name: 'Stylize' }).selectOption({ label: 'Person only' });
  await expect(page.getByText(/Person segmentation could not be loaded, so the whole frame is stylized\. .*person-segmentation network .*model\.json/)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('combobox', { name: 'Stylize' })).toBeDisabled();
  await expect(page.getByRole('note')).toContainText('Person segmentation is unavailable');
  await waitForFrames(page, 3, (await readStatus(page)).frames);
});

test('a photo in Background only keeps the person as photographed and paints the room', async ({ page }) => {
  const referenceDir = resolve(sharedModelsDir(), 'segmentation', 'reference');
  const photoPath = resolve(referenceDir, 'fake-camera-person_f24__input_640x480.png');
  // The photo is the very frame the mask is of: a smaller margin keeps more of it.
  const points = regionPoints(32);
  const original = PNG.sync.read(readFileSync(photoPath));
  await page.goto('/');
  await page.getByRole('button', { name: 'Start camera' }).click();
  await waitForFrames(page, 2);
  await page.getByRole('combobox', { name: 'Stylize' }).selectOption({ label: 'Background only' });
  await page.getByLabel('Photo to stylize').setInputFiles(photoPath);
  await page.getByRole('button', { name: 'Stylize photo' }).click();
  await expect(page.getByText(/Done: 640×480 in [\d.]+ s/)).toBeVisible({ timeout: 120_000 });
  await page.getByLabel('Photo format').selectOption('image/png');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download' }).click();
  const result = PNG.sync.read(readFileSync(await (await download).path()));
  /** Mean level difference from the photo at `points` (0..1 of the size). */
  const differenceAt = (list: [number, number][]) => {
    let sum = 0;
    for (const [u, v] of list) {
      const i = (Math.floor(v * 480) * 640 + Math.floor(u * 640)) * 4;
      for (let c = 0; c < 3; c++) sum += Math.abs(result.data[i + c]! - original.data[i + c]!);
    }
    return sum / (list.length * 3);
  };
  const person = differenceAt(points.person);
  const room = differenceAt(points.background);
  console.log(`photo, Background only: ${person.toFixed(1)} levels from the photo on the person, ${room.toFixed(1)} in the room`);
  expect(person).toBeLessThan(3);
  expect(room).toBeGreaterThan(30);
});

test('Person and background: the person in the gallery’s style, the room in the Background style', async ({ page }) => {
  const points = regionPoints();
  const delaunay = meanRgb(readStyleImage('delaunay_ville_de_paris.jpg'));
  await page.goto('/');
  await page.getByRole('radiogroup', { name: 'Styles' }).getByRole('radio', { name: /Starry Night/ }).check();
  await page.getByRole('button', { name: 'Start camera' }).click();
  await waitForFrames(page, 3);
  const everything = await regionColours(page, points);

  await page.getByRole('combobox', { name: 'Stylize' }).selectOption({ label: 'Person and background' });
  // A second, compact gallery: the same styles as radios, by keyboard like the main one.
  const backgroundGallery = page.getByRole('radiogroup', { name: 'Background style' });
  await expect(backgroundGallery.getByRole('radio')).toHaveCount(7);
  await backgroundGallery.getByRole('radio', { name: /Ville de Paris/ }).check();
  // The room moves to Delaunay's colours (after the segmenter loads and the crossfade), the person stays in The Starry Night.
  await expect
    .poll(async () => distance(everything.stylized.background, delaunay) - distance((await regionColours(page, points)).stylized.background, delaunay), { timeout: 60_000 })
    .toBeGreaterThan(0.05);
  await waitForFrames(page, 4, (await readStatus(page)).frames);
  await expect(page.getByRole('status')).toContainText('two styles: the network runs twice per frame');
  const both = await regionColours(page, points);
  expect(distance(both.stylized.person, everything.stylized.person)).toBeLessThan(0.05);
  console.log(JSON.stringify({ everything: everything.stylized, both: both.stylized, delaunay }));
  // The choice is kept: after a reload the mode and the background's style come back.
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Stylize' })).toHaveValue('both');
  await expect(page.getByRole('radiogroup', { name: 'Background style' }).getByRole('radio', { name: /Ville de Paris/ })).toBeChecked();
});
