// npm run quality [-- --backend=wasm --engine=tfjs --network=full|fast --resolution=256 --frames=24 --noise=4 --style=starry_night --no-build]
// The picture-quality benchmark: the app's frame pipeline in Chromium on three clips it makes itself
// from a photo of a person (a still scene with camera noise, a slow pan, a fast movement), each run
// once per combination of quality stages on the same frames. Per clip and combination: flicker
// (mean |O_t − O_{t−1}| in luma levels, and the camera's own for reference), how well the output
// follows motion and how far it trails the unstabilized stylization (ghosting), colour distance to
// the camera, sharpness (high-pass correlation with the camera, mean gradient) and the cost per frame
// of the chain. --repeat runs it on fresh pages and reports the median and spread of the timings.
// Writes bench-results/quality.json (and the snapshots as JPEGs beside it with --snapshots).
// --defaults[=30,8]: the app itself (index.html, fake camera of a person, adaptive resolution on) at
// each target frame rate for --seconds (--query=adaptive=off adds address parameters): where
// adaptive resolution settles, the fps it makes there,
// and a screenshot of the page (bench-results/defaults-<fps>fps.jpg) → bench-results/defaults.json;
// also each change of processing size with the longest gap between frames around it (sizeSwitches).
// --camera-fps=30 plays the person camera's frames at 30 fps (a 15 fps camera caps the app at 15).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { chromiumArgs, chromiumPath, retimedCamera } from './chromium-args.mjs';
import { repoRoot, sharedModelsDir } from './models-dir.mjs';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', multiple: true },
    engine: { type: 'string', default: 'tfjs' },
    network: { type: 'string', default: 'full' },
    resolution: { type: 'string', default: '256' },
    frames: { type: 'string', default: '24' },
    noise: { type: 'string', default: '4' },
    style: { type: 'string', default: 'starry_night' },
    photo: { type: 'string', default: 'content/people/person_005.jpg' },
    config: { type: 'string', multiple: true },
    clip: { type: 'string', multiple: true },
    repeat: { type: 'string', default: '1' },
    snapshots: { type: 'boolean', default: false },
    'snapshot-frame': { type: 'string', default: '12' },
    gpu: { type: 'boolean', default: false },
    defaults: { type: 'string' },
    query: { type: 'string', default: '' },
    seconds: { type: 'string', default: '40' },
    'camera-fps': { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
});

const backends = values.backend ?? ['wasm'];
const parseStatus = (text) => ({
  text,
  fps: Number(/([\d.]+) fps/.exec(text)?.[1] ?? NaN),
  size: /(\d+×\d+)/.exec(text)?.[1] ?? null,
  shortSide: Number(/\d+×(\d+)/.exec(text)?.[1] ?? NaN),
});
const outDir = resolve(repoRoot, 'bench-results');
mkdirSync(outDir, { recursive: true });
const photo = readFileSync(resolve(sharedModelsDir(), values.photo));

if (!values['no-build']) execFileSync('npx', ['vite', 'build', '--mode', 'bench', '--logLevel', 'warn'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
const server = await preview({ root: repoRoot, mode: 'bench', logLevel: 'warn', preview: { port: 4175, strictPort: true, host: '127.0.0.1' } });
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs({ realGpu: values.gpu, fakeCamera: false }) });

async function runOnce(backend) {
  const page = await browser.newPage();
  page.on('console', (message) => ['error', 'warning'].includes(message.type()) && process.stderr.write(`[page] ${message.text()}\n`));
  await page.route('**/quality-content.jpg', (route) => route.fulfill({ body: photo, contentType: 'image/jpeg' }));
  try {
    await page.goto('http://127.0.0.1:4175/quality.html');
    await page.waitForFunction(() => 'runQuality' in window);
    return await page.evaluate((options) => window.runQuality(options), {
      backend,
      engine: values.engine,
      network: values.network,
      shortSide: Number(values.resolution),
      frames: Number(values.frames),
      noiseSigma: Number(values.noise),
      styleId: values.style,
      snapshotFrame: values.snapshots ? Number(values['snapshot-frame']) : -1,
      ...(values.config ? { configs: values.config } : {}),
      ...(values.clip ? { clips: values.clip } : {}),
    });
  } catch (error) {
    return { backend, error: String(error).split('\n')[0] };
  } finally {
    await page.close();
  }
}

/** Per clip and combination: the first run's picture figures (they are deterministic), timings as median with spread over runs. */
function combine(runs) {
  const [first] = runs;
  const results = structuredClone(first.results);
  for (const [clip, configs] of Object.entries(results)) {
    for (const [config, figures] of Object.entries(configs)) {
      const timings = runs.map((run) => run.results[clip][config]);
      const medians = timings.map((t) => t.msPerFrame.median).sort((a, b) => a - b);
      const chain = timings.map((t) => t.chainMs).sort((a, b) => a - b);
      figures.msPerFrame = { median: medians[medians.length >> 1], min: medians[0], max: medians.at(-1), runs: medians.length };
      figures.chainMs = { median: chain[chain.length >> 1], min: chain[0], max: chain.at(-1) };
      // Against the plain run of the same repeats, from the medians (one run's difference is noise).
      const plain = runs.map((run) => run.results[clip].plain?.msPerFrame.median).filter(Number.isFinite).sort((a, b) => a - b);
      if (config !== 'plain' && plain.length > 0) figures.addedMsPerFrame = Number((figures.msPerFrame.median - plain[plain.length >> 1]).toFixed(1));
    }
  }
  return { ...first, results, snapshots: undefined, repeats: runs.length };
}

/** The person camera for --defaults, at --camera-fps when given (the clip is 15 fps, which caps the app at 15). */
function personCamera() {
  const original = resolve(sharedModelsDir(), 'fake-camera-person.y4m');
  return values['camera-fps'] ? retimedCamera(original, Number(values['camera-fps']), outDir) : original;
}

/**
 * The app at `fps`: the status line sampled every 2 s over the last half of the run (where
 * adaptive resolution has settled), and a screenshot of the page at the end.
 */
async function appAtFrameRate(fps, seconds) {
  const camera = await chromium.launch({
    executablePath: chromiumPath,
    args: chromiumArgs({ realGpu: values.gpu, cameraFile: personCamera() }),
  });
  const page = await camera.newPage({ viewport: { width: 1200, height: 800 } });
  try {
    await page.goto(`http://127.0.0.1:4175/?fps=${fps}${values.query ? `&${values.query}` : ''}`);
    await page.getByRole('status').filter({ hasText: 'Backend:' }).waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: 'Start camera' }).click();
    // Every stats report (each 500 ms), to find the reports where the processing size changed.
    await page.evaluate(() => {
      const app = document.querySelector('stylizer-app');
      const log = (window.statsLog = []);
      let last = null;
      setInterval(() => {
        const stats = app.connection.stats;
        if (stats && stats !== last) log.push({ width: stats.width, height: stats.height, fps: stats.fps, longestGapMs: stats.longestGapMs });
        last = stats;
      }, 100);
    });
    const samples = [];
    const start = Date.now();
    while (Date.now() - start < seconds * 1000) {
      await page.waitForTimeout(2000);
      if (Date.now() - start > (seconds * 1000) / 2) samples.push(parseStatus((await page.getByRole('status').textContent()) ?? ''));
    }
    // The page as a person sees it (controls and status line included), as a JPEG for docs/.
    await page.screenshot({ path: resolve(outDir, `defaults-${fps}fps.jpg`), type: 'jpeg', quality: 80 });
    const statsLog = await page.evaluate(() => window.statsLog);
    const sorted = (key) => samples.map((sample) => sample[key]).filter(Number.isFinite).sort((a, b) => a - b);
    const fpsValues = sorted('fps');
    const sides = sorted('shortSide');
    return {
      targetFps: fps,
      samples: samples.length,
      fps: { median: fpsValues[fpsValues.length >> 1], min: fpsValues[0], max: fpsValues.at(-1) },
      processingShortSide: { median: sides[sides.length >> 1], min: sides[0], max: sides.at(-1) },
      lastStatus: samples.at(-1)?.text ?? null,
      sizeSwitches: sizeSwitches(statsLog),
    };
  } finally {
    await camera.close();
  }
}

/**
 * Each change of processing size in the stats reports: the longest time between two drawn frames in
 * the report where it happened, against the time between frames before it (`framesStalled`: how
 * many frame intervals the longest gap held beyond one, 0 where the switch cost nothing).
 */
function sizeSwitches(log) {
  const switches = [];
  for (let i = 1; i < log.length; i++) {
    const [before, after] = [log[i - 1], log[i]];
    if (before.width === after.width && before.height === after.height) continue;
    // The usual time between two drawn frames just before the switch.
    const intervalMs = before.fps > 0 ? 1000 / before.fps : null;
    switches.push({
      from: `${before.width}x${before.height}`,
      to: `${after.width}x${after.height}`,
      longestGapMs: Math.round(after.longestGapMs),
      frameIntervalBeforeMs: intervalMs && Math.round(intervalMs),
      framesStalled: intervalMs ? Math.max(0, Math.round((after.longestGapMs / intervalMs - 1) * 10) / 10) : null,
    });
  }
  return switches;
}

if (values.defaults !== undefined) {
  const rates = (values.defaults || '30,8').split(',').map(Number);
  const result = { date: new Date().toISOString(), browser: browser.version(), cpuCores: cpus().length, command: `npm run quality -- ${process.argv.slice(2).join(' ')}`.trim(), runs: [] };
  for (const fps of rates) result.runs.push(await appAtFrameRate(fps, Number(values.seconds)));
  await browser.close();
  await server.close();
  writeFileSync(resolve(outDir, 'defaults.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}

const output = {
  date: new Date().toISOString(),
  browser: browser.version(),
  cpuCores: cpus().length,
  cpuModel: cpus()[0]?.model ?? null,
  command: `npm run quality -- ${process.argv.slice(2).join(' ')}`.trim(),
  photo: values.photo,
  backends: [],
};
for (const backend of backends) {
  const runs = [];
  for (let i = 0; i < Math.max(1, Number(values.repeat)); i++) runs.push(await runOnce(backend));
  const ok = runs.filter((run) => !run.error);
  if (ok.length === 0) {
    output.backends.push(runs[0]);
    continue;
  }
  for (const [name, url] of Object.entries(ok[0].snapshots ?? {})) {
    writeFileSync(resolve(outDir, `quality-${backend}-${name}.jpg`), Buffer.from(url.split(',')[1], 'base64'));
  }
  output.backends.push(combine(ok));
}
await browser.close();
await server.close();
writeFileSync(resolve(outDir, 'quality.json'), `${JSON.stringify(output, null, 2)}\n`);
console.log(JSON.stringify(output, null, 2));
