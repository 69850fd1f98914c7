// npm run bench:render [-- --repeat=3 --sizes=256,384 --no-build]: Render video on this machine.
// A 10 s 640×480 30 fps clip with sound is made in the page (clips.html: WebCodecs + mediabunny),
// then, on a fresh page per run, the live camera (the fake one at 30 fps) is started (Starry Night, the app's defaults) and the
// clip rendered at each processing size at its own resolution. Per run: render time and frames per
// second (from pressing Render video to the Done message), the live video's frame rate before and
// during the render (frames counted in the status line over each window), the peak memory of the
// browser's processes during the render (sum of their proportional set sizes, /proc/*/smaps_rollup)
// above the level before it, and the result read back by the demuxer (frames, duration, sound).
// Median of --repeat runs with [min-max]; JSON in bench-results/render.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { ALL_FORMATS, BufferSource, Input } from 'mediabunny';
import { preview } from 'vite';
import { summary } from './bench-summary.mjs';
import { chromiumArgs, chromiumPath, retimedCamera } from './chromium-args.mjs';
import { repoRoot, sharedModelsDir } from './models-dir.mjs';

const { values } = parseArgs({
  options: { repeat: { type: 'string', default: '3' }, sizes: { type: 'string', default: '256,384' }, 'no-build': { type: 'boolean', default: false } },
});
const repeat = Math.max(1, Number(values.repeat));
const sizes = values.sizes.split(',').map(Number);
const LIVE_WINDOW_MS = 5000;
const CLIP = { seconds: 10, width: 640, height: 480, fps: 30 };

if (!values['no-build']) execFileSync('npx', ['vite', 'build', '--mode', 'bench', '--logLevel', 'warn'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
const server = await preview({ root: repoRoot, mode: 'bench', logLevel: 'warn', preview: { port: 4180, strictPort: true, host: '127.0.0.1' } });
const origin = 'http://127.0.0.1:4180';
// The fake camera at 30 fps (its clip's own 15 would cap the live video below the app's 24 fps target).
const camera = retimedCamera(resolve(sharedModelsDir(), 'fake-camera.y4m'), 30, resolve(repoRoot, 'bench-results'));
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs({ cameraFile: camera }) });

/** Proportional set size of every Chromium process, in bytes (shared pages split between them). */
function browserPss() {
  let kb = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chromium')) continue;
      kb += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // The process ended while it was read.
    }
  }
  return kb * 1024;
}

async function readFacts(bytes) {
  const input = new Input({ source: new BufferSource(bytes), formats: ALL_FORMATS });
  try {
    const video = await input.getPrimaryVideoTrack();
    const audio = await input.getPrimaryAudioTrack();
    const stats = await video.computePacketStats();
    return { frames: stats.packetCount, durationS: await video.computeDuration(), width: video.displayWidth, height: video.displayHeight, videoCodec: video.codec, audioCodec: audio?.codec ?? null };
  } finally {
    input.dispose();
  }
}

const statusFrames = async (page) => Number(/(\d+) frames/.exec((await page.getByRole('status').textContent()) ?? '')?.[1] ?? 0);

async function makeClip() {
  const page = await browser.newPage();
  await page.goto(`${origin}/clips.html`);
  await page.getByText('Clip page: ready.').waitFor();
  const base64 = await page.evaluate((options) => window.makeClip(options), CLIP);
  await page.close();
  const path = join(tmpdir(), 'render-bench-clip.mp4');
  writeFileSync(path, Buffer.from(base64, 'base64'));
  return path;
}

async function oneRun(clip, processing) {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  try {
    await page.goto(`${origin}/`);
    await page.getByRole('radiogroup', { name: 'Styles' }).getByRole('radio', { name: /Starry Night/ }).check();
    await page.getByRole('button', { name: 'Start camera' }).click();
    await page.waitForFunction(() => /([1-9]\d*) frames/.test(document.querySelector('stylizer-app')?.shadowRoot?.querySelector('[role=status]')?.textContent ?? ''), null, { timeout: 120_000 });
    // Live pace before: a window of the running video, after its first seconds.
    await page.waitForTimeout(3000);
    const liveStart = [await statusFrames(page), performance.now()];
    await page.waitForTimeout(LIVE_WINDOW_MS);
    const liveBefore = ((await statusFrames(page)) - liveStart[0]) / ((performance.now() - liveStart[1]) / 1000);
    const panel = page.getByRole('group', { name: 'Render video' });
    await panel.getByLabel('Video to render').setInputFiles(clip);
    await panel.getByText(/Rendering every frame takes about/).waitFor({ timeout: 60_000 });
    await panel.getByLabel('Render processing size').selectOption(String(processing));
    const memoryBefore = browserPss();
    let memoryPeak = memoryBefore;
    const sampler = setInterval(() => (memoryPeak = Math.max(memoryPeak, browserPss())), 250);
    const framesBefore = await statusFrames(page);
    const started = performance.now();
    await panel.getByRole('button', { name: 'Render video' }).click();
    const done = panel.getByText(/^Done: \d+ frames/);
    await done.waitFor({ timeout: 600_000 });
    const renderMs = performance.now() - started;
    const liveDuring = ((await statusFrames(page)) - framesBefore) / (renderMs / 1000);
    clearInterval(sampler);
    const message = await done.textContent();
    const downloading = page.waitForEvent('download');
    await panel.getByRole('button', { name: 'Download video' }).click();
    const file = await downloading;
    const result = await readFacts(readFileSync(await file.path()));
    return {
      processing,
      renderMs: Math.round(renderMs),
      renderFps: Math.round((result.frames / (renderMs / 1000)) * 100) / 100,
      liveFpsBefore: Math.round(liveBefore * 10) / 10,
      liveFpsDuring: Math.round(liveDuring * 10) / 10,
      peakMemoryAboveBeforeMB: Math.round((memoryPeak - memoryBefore) / 1e5) / 10,
      memoryBeforeMB: Math.round(memoryBefore / 1e5) / 10,
      result,
      message,
    };
  } finally {
    await context.close();
  }
}

const runs = [];
let source;
try {
  const clip = await makeClip();
  source = await readFacts(readFileSync(clip));
  for (let i = 0; i < repeat; i++) for (const processing of sizes) runs.push(await oneRun(clip, processing));
} finally {
  await browser.close();
  await server.close();
}
const bySize = Object.fromEntries(
  sizes.map((processing) => {
    const mine = runs.filter((run) => run.processing === processing);
    return [
      processing,
      Object.fromEntries(['renderMs', 'renderFps', 'liveFpsBefore', 'liveFpsDuring', 'peakMemoryAboveBeforeMB'].map((key) => [key, summary(mine.map((run) => run[key]))])),
    ];
  }),
);
const report = {
  date: new Date().toISOString(),
  command: `npm run bench:render -- ${process.argv.slice(2).join(' ')}`.trim(),
  browser: `Chromium ${browser.version()} (headless)`,
  cpuCores: cpus().length,
  liveCamera: 'fake-camera.y4m at 30 fps',
  clip: { ...CLIP, made: 'clips.html (H.264 + Opus in MP4)', ...source },
  repeats: repeat,
  bySize,
  runs,
};
mkdirSync(resolve(repoRoot, 'bench-results'), { recursive: true });
writeFileSync(resolve(repoRoot, 'bench-results', 'render.json'), JSON.stringify(report, null, 2));
console.log(JSON.stringify({ ...report, runs: runs.map(({ message, ...run }) => run) }, null, 2));
