// npm run bench:stills [-- --repeat=3 --sizes=1024,4096 --seconds=12 --no-build]
// Photo mode against the live video, in the app itself (fake camera of a person, fixed 256-px
// processing, the backend's default frame rate): for each photo size, the live frames per second in
// a window just before the job and over the job (frames counted by the worker's own total), and the
// job's time and tiles as the app reports them. Each photo is the Chicago street photo scaled to
// that long side. Fresh page per repeat; medians and spread → bench-results/stills.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { chromiumArgs, chromiumPath } from './chromium-args.mjs';
import { repoRoot, sharedModelsDir } from './models-dir.mjs';

const { values } = parseArgs({
  options: {
    repeat: { type: 'string', default: '3' },
    sizes: { type: 'string', default: '1024,4096' },
    seconds: { type: 'string', default: '12' },
    'no-build': { type: 'boolean', default: false },
  },
});

const frames = async (page) => Number(/(\d+) frames/.exec((await page.getByRole('status').textContent()) ?? '')?.[1] ?? NaN);
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const spread = (list) => ({ min: Math.min(...list), max: Math.max(...list) });

/** The live frame rate over `ms`, from the worker's own count. */
async function liveFps(page, ms) {
  const [start, t0] = [await frames(page), Date.now()];
  await page.waitForTimeout(ms);
  return ((await frames(page)) - start) / ((Date.now() - t0) / 1000);
}

/** A JPEG of the street photo scaled to `longSide`, made in the page. */
async function photoOfSize(page, longSide) {
  const base64 = await page.evaluate(async (side) => {
    const source = await createImageBitmap(await (await fetch('models/content/chicago.jpg')).blob()).catch(() => null);
    const width = side;
    const height = Math.round((side * 426) / 640);
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    if (source) context.drawImage(source, 0, 0, width, height);
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer());
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  }, longSide);
  return Buffer.from(base64, 'base64');
}

if (!values['no-build']) execFileSync('npx', ['vite', 'build', '--mode', 'bench', '--logLevel', 'warn'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
// The content photo is served from the shared folder for the page to scale (it is not in public/).
execFileSync('mkdir', ['-p', resolve(repoRoot, 'dist/models/content')]);
execFileSync('cp', [resolve(sharedModelsDir(), 'content/chicago.jpg'), resolve(repoRoot, 'dist/models/content/chicago.jpg')]);
const server = await preview({ root: repoRoot, mode: 'bench', logLevel: 'warn', preview: { port: 4176, strictPort: true, host: '127.0.0.1' } });
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs({ cameraFile: resolve(sharedModelsDir(), 'fake-camera-person.y4m') }) });
const sizes = values.sizes.split(',').map(Number);
const runs = [];
try {
  for (let repeat = 0; repeat < Number(values.repeat); repeat++) {
    for (const size of sizes) {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      await page.goto('http://127.0.0.1:4176/?adaptive=off&resolution=256');
      await page.getByRole('status').filter({ hasText: 'Backend:' }).waitFor({ timeout: 120_000 });
      await page.getByRole('button', { name: 'Start camera' }).click();
      await page.getByRole('status').filter({ hasText: / [1-9]\d* frames/ }).waitFor({ timeout: 120_000 });
      // The stills worker starts (and warms) on a first, small photo, as after a person's first one.
      await page.getByLabel('Photo to stylize').setInputFiles({ name: 'warm.jpg', mimeType: 'image/jpeg', buffer: await photoOfSize(page, 256) });
      await page.getByRole('button', { name: 'Stylize photo' }).click();
      await page.getByText(/^Done:/).waitFor({ timeout: 120_000 });
      const before = await liveFps(page, Number(values.seconds) * 1000);
      await page.getByLabel('Photo to stylize').setInputFiles({ name: `photo-${size}.jpg`, mimeType: 'image/jpeg', buffer: await photoOfSize(page, size) });
      const [startFrames, t0] = [await frames(page), Date.now()];
      await page.getByRole('button', { name: 'Stylize photo' }).click();
      await page.getByText(new RegExp(`^Done: ${size}×`)).waitFor({ timeout: 600_000 });
      const during = ((await frames(page)) - startFrames) / ((Date.now() - t0) / 1000);
      const text = (await page.locator('.stills .style-message').textContent()) ?? '';
      const run = { repeat, size, text, liveFpsBefore: before, liveFpsDuring: during, jobSeconds: Number(/in ([\d.]+) s/.exec(text)?.[1]), tiles: Number(/(\d+) tiles/.exec(text)?.[1]) };
      console.log(JSON.stringify(run));
      runs.push(run);
      await page.close();
    }
  }
  const results = sizes.map((size) => {
    const mine = runs.filter((run) => run.size === size);
    const summary = (key) => ({ median: median(mine.map((run) => run[key])), ...spread(mine.map((run) => run[key])) });
    return { size, tiles: mine[0]?.tiles, jobSeconds: summary('jobSeconds'), liveFpsBefore: summary('liveFpsBefore'), liveFpsDuring: summary('liveFpsDuring') };
  });
  const out = { browser: browser.version(), cores: cpus().length, date: new Date().toISOString(), repeats: Number(values.repeat), results, runs };
  mkdirSync(resolve(repoRoot, 'bench-results'), { recursive: true });
  writeFileSync(resolve(repoRoot, 'bench-results', 'stills.json'), `${JSON.stringify(out, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
} finally {
  await browser.close();
  await server.close();
}
