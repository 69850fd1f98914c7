// npm run bench [-- --backend=wasm --resolution=256 --seconds=10 --gpu] (--backend/--resolution repeat)
// npm run bench -- --network=full --network=fast: the pipeline with each network (default: the app's Automatic choice).
// npm run bench -- --engines [--engine-size=340x256]: each network on each engine alone, ms per call.
// --stylize=everything --stylize=person --stylize=background: the app's pipeline (alone) with each
// region stylized; --person-camera: the person clip (fake-camera-person.y4m) as the camera;
// --still-camera (with --camera-fps): the clip's first frame held still, with camera noise.
// --camera-fps=30: the fake camera at 30 fps (its clip is 15 fps); --plain: no Reduce flicker, no
// Detail, output at the processing size (the pipeline without the picture-quality stages).
// npm run bench -- --first-frame: the app from opening the page to its first stylized frame, first and return visit.
// npm run bench -- --matrix: webgpu, webgl, wasm, cpu × 256, 384, 480 (slow without a GPU)
// npm run bench -- --soak=600 [--sample=30 --backend=wasm]: a long run at the default settings
// sampling tensors, backend memory and JS heap (written to bench-results/soak.json).
// npm run bench -- --size-switch [--backend=webgl --resolution=64]: the stall of the first frame at
// each smaller adaptive size, with and without precompiled shaders (bench-results/size-switch.json).
// npm run bench -- --recording=20: fps with and without a recording, and each format's bitrate
// (written to bench-results/recording.json).
// npm run bench -- --peer: the pipeline the well-known browser demos use (tfjs's default backend,
// main thread, dataSync per frame) against the app's own choice, same camera and size (peer.json).
// Each figure is run --repeat times (3 by default), on a fresh page each time, and reported as the
// median with its min and max; a ratio whose two ranges overlap is marked as within the noise.
// Builds the app, serves it on 127.0.0.1, drives Chromium with the fake camera and prints JSON:
// the worker pipeline and the naive main-thread pipeline, same backend, same run.
// --gpu leaves out the software-adapter flags so a machine with a real GPU uses it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { benchRecording } from './bench-recording.mjs';
import { chromiumArgs, chromiumPath, retimedCamera, stillCamera } from './chromium-args.mjs';
import { repoRoot, sharedModelsDir } from './models-dir.mjs';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', multiple: true },
    engine: { type: 'string', multiple: true },
    network: { type: 'string', multiple: true },
    resolution: { type: 'string', multiple: true },
    seconds: { type: 'string', default: '10' },
    gpu: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    soak: { type: 'string' },
    sample: { type: 'string', default: '30' },
    recording: { type: 'string' },
    matrix: { type: 'boolean', default: false },
    'size-switch': { type: 'boolean', default: false },
    peer: { type: 'boolean', default: false },
    engines: { type: 'boolean', default: false },
    'engine-size': { type: 'string', multiple: true },
    'peer-seconds': { type: 'string', default: '20' },
    repeat: { type: 'string', default: '3' },
    'camera-fps': { type: 'string' },
    plain: { type: 'boolean', default: false },
    stylize: { type: 'string', multiple: true },
    'person-camera': { type: 'boolean', default: false },
    'still-camera': { type: 'boolean', default: false },
    'first-frame': { type: 'boolean', default: false },
  },
});
// --matrix: every backend at every processing size the app offers.
const backends = values.backend ?? (values.matrix ? ['webgpu', 'webgl', 'wasm', 'cpu'] : ['auto']);
const resolutions = (values.resolution ?? (values.matrix ? ['256', '384', '480'] : ['256'])).map(Number);
const seconds = Number(values.seconds);
const repeat = Math.max(1, Number(values.repeat));
// --engine=tfjs --engine=onnx: each engine forced in turn; without it the app's own (measured) choice.
const engines = values.engine ?? ['auto'];
// --network=full --network=fast: each network forced in turn; without it the app's own (Automatic).
const networks = values.network ?? ['auto'];

if (!values['no-build']) execFileSync('npx', ['vite', 'build', '--mode', 'bench', '--logLevel', 'warn'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
const server = await preview({ root: repoRoot, mode: 'bench', logLevel: 'warn', preview: { port: 4174, strictPort: true, host: '127.0.0.1' } });
const url = 'http://127.0.0.1:4174/bench.html';

/** The fake camera at `fps`: the (person) clip, or with --still-camera its first frame held still with camera noise. */
function benchCamera(fps) {
  const clip = resolve(sharedModelsDir(), values['person-camera'] ? 'fake-camera-person.y4m' : 'fake-camera.y4m');
  return (values['still-camera'] ? stillCamera : retimedCamera)(clip, fps, resolve(repoRoot, 'bench-results'));
}

// Eager memory measurement: without it each heap sample waits for the next garbage collection.
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: [
    // --camera-fps=30: the fake camera's frames at 30 fps (the clip's own 15 caps a pipeline at 15).
    ...chromiumArgs({ realGpu: values.gpu, ...(values['camera-fps'] ? { cameraFile: benchCamera(Number(values['camera-fps'])) } : {}) }),
    '--enable-blink-features=ForceEagerMeasureMemory',
  ],
});

async function openBenchPage(path = 'bench.html') {
  const page = await browser.newPage();
  page.on('console', (message) => ['error', 'warning'].includes(message.type()) && process.stderr.write(`[page] ${message.text()}\n`));
  await page.goto(new URL(path, url).href);
  return page;
}

/** One measurement on a fresh page; a failure is a row that says so, not the end of the run. */
async function onPage(path, fn, options) {
  const page = await openBenchPage(path);
  try {
    return await page.evaluate(fn, options);
  } catch (error) {
    return { error: String(error).split('\n')[0] };
  } finally {
    await page.close();
  }
}

const get = (object, path) => path.split('.').reduce((value, key) => (value == null ? undefined : value[key]), object);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round = (value, digits = 3) => Number(value.toFixed(digits));

/** Median, min and max of each figure over the repeats (runs that failed left out). */
function summarize(runs, paths) {
  const summary = {};
  for (const path of paths) {
    const values = runs.map((run) => get(run, path)).filter((value) => typeof value === 'number' && Number.isFinite(value));
    if (values.length > 0) summary[path] = { median: round(median(values)), min: round(Math.min(...values)), max: round(Math.max(...values)), n: values.length };
  }
  return summary;
}

/** a / b from their medians; within the noise when the two ranges of repeats overlap. */
function ratio(a, b) {
  if (!a || !b || b.median === 0) return null;
  return { median: round(a.median / b.median, 2), low: round(a.min / b.max, 2), high: round(a.max / b.min, 2), withinNoise: a.min <= b.max && b.min <= a.max };
}

const BENCH_FIGURES = [
  'worker.fps', 'worker.msPerFrameP50', 'worker.msPerFrameP95', 'worker.mainThreadLongTasks', 'worker.tensorDrift',
  'worker.modelLoadMs', 'worker.repeatLoadMs', 'worker.firstStylizedFrameMs', 'worker.stylePredictionMs', 'worker.secondStylePredictionMs',
  'worker.firstPredictionFrameGapMs', 'worker.secondPredictionFrameGapMs', 'worker.longestFrameGapDuringPredictionMs',
  'worker.gpuReadbacksPerFrame', 'bare.msPerFrameP50',
  ...['import', 'prepare', 'network', 'finish', 'draw'].map((stage) => `worker.stageMs.${stage}`), 'worker.threads', 'unpipelined.fps', 'oneThread.fps', 'oneThread.msPerFrameP50', 'naive.fps', 'naive.msPerFrameP50', 'naive.mainThreadLongTasks', 'bare.fps',
];

async function benchRuns() {
  const rows = [];
  for (const backend of backends) {
    for (const network of networks) for (const engine of engines) for (const shortSide of resolutions) for (const stylize of values.stylize ?? [undefined]) {
      const options = {
        shortSide, seconds, plain: values.plain,
        ...(backend === 'auto' ? {} : { backend }), ...(engine === 'auto' ? {} : { engine }), ...(network === 'auto' ? {} : { network }),
        // Each region against the others: the app's own pipeline is the figure, so the baselines are left out.
        ...(stylize ? { stylize, workerOnly: true } : {}),
      };
      const runs = [];
      for (let i = 0; i < repeat; i++) runs.push(await onPage('bench.html', (o) => window.runBench(o), options));
      const ok = runs.filter((run) => !run.error);
      const summary = summarize(ok, BENCH_FIGURES);
      rows.push({
        requestedBackend: backend,
        requestedEngine: engine,
        requestedNetwork: network,
        plainPicture: values.plain,
        stylize: stylize ?? 'everything',
        network: ok[0]?.worker.network ?? null,
        shortSide,
        seconds,
        repeats: runs.length,
        summary,
        workerToNaiveFps: ratio(summary['worker.fps'], summary['naive.fps']),
        workerToBareFps: ratio(summary['worker.fps'], summary['bare.fps']),
        pipeliningGain: ratio(summary['worker.fps'], summary['unpipelined.fps']),
        allCoresGain: ratio(summary['worker.fps'], summary['oneThread.fps']),
        predictionGapWithinTarget: ok.length > 0 ? ok.every((run) => run.worker.predictionGapWithinTarget) : null,
        runs,
      });
    }
  }
  return rows;
}

/**
 * Each network on each engine alone (no camera), at each size (--engine-size=WxH, repeatable; by
 * default 256x256, 340x256 and 480x360), on one thread and on every core, all taking turns in one page.
 */
async function engineRuns() {
  const cores = cpus().length;
  const sizes = (values['engine-size'] ?? ['256x256', '340x256', '480x360']).map((text) => text.split('x').map(Number));
  const figures = ['full.tfjs', 'full.onnx', 'full.litert', 'fast.tfjs', 'fast.onnx', 'fast.litert'].flatMap((key) => [`${key}.msP50`, `${key}.msMin`, `${key}.prepareMs`]);
  const rows = [];
  for (const [width, height] of sizes) {
    for (const threads of [...new Set([1, cores])]) {
      const runs = [];
      for (let i = 0; i < repeat; i++) runs.push(await onPage('bench.html', (o) => window.runEngineTimes(o), { width, height, threads, runs: 15 }));
      const ok = runs.filter((run) => !run.error);
      const summary = summarize(ok, figures);
      const best = (network) => ['tfjs', 'onnx', 'litert'].map((engine) => summary[`${network}.${engine}.msP50`]).filter(Boolean).sort((a, b) => a.median - b.median)[0];
      // How many times faster the fast network is than the full one, each on its faster engine.
      const fastSpeedup = ratio(best('full'), best('fast'));
      rows.push({ resolution: `${width}x${height}`, threads, summary, fastSpeedup, runs });
    }
  }
  return rows;
}

/**
 * The app itself (index.html), from opening the page to the first stylized frame, the camera
 * started as soon as its button can be pressed: a first visit (a fresh browser profile: nothing
 * cached) and a return visit (a second page in the same profile: HTTP cache and the kept engine
 * choice). Also when the style gallery first shows its styles.
 */
async function firstFrameRuns() {
  const origin = 'http://127.0.0.1:4174/';
  const visit = async (context) => {
    const page = await context.newPage();
    const start = Date.now();
    await page.goto(origin);
    const gallery = page.getByRole('radiogroup', { name: 'Styles' }).getByRole('radio').first().waitFor({ timeout: 120_000 }).then(() => Date.now() - start);
    await page.getByRole('button', { name: 'Start camera' }).click({ timeout: 120_000 });
    await page.waitForFunction(() => /(\d+) frames/.test(document.querySelector('stylizer-app')?.shadowRoot?.querySelector('[role=status]')?.textContent ?? '') && Number(/(\d+) frames/.exec(document.querySelector('stylizer-app').shadowRoot.querySelector('[role=status]').textContent)[1]) > 0, null, { timeout: 120_000, polling: 50 });
    const firstStylizedFrameMs = Date.now() - start;
    const status = await page.getByRole('status').textContent();
    await page.close();
    return { firstStylizedFrameMs, galleryShownMs: await gallery, status };
  };
  const runs = [];
  for (let i = 0; i < repeat; i++) {
    const context = await browser.newContext();
    try {
      runs.push({ first: await visit(context), returning: await visit(context) });
    } catch (error) {
      runs.push({ error: String(error).split('\n')[0] });
    } finally {
      await context.close();
    }
  }
  const ok = runs.filter((run) => !run.error);
  return { summary: summarize(ok, ['first.firstStylizedFrameMs', 'returning.firstStylizedFrameMs', 'first.galleryShownMs', 'returning.galleryShownMs']), runs };
}

/** The peer (tfjs defaults, main thread) and the app's worker, alternating, at each size. */
async function peerRuns() {
  const styles = JSON.parse(readFileSync(resolve(repoRoot, 'public/models/styles/styles.json'), 'utf8'));
  const embedding = (styles.styles ?? styles)[0].embedding;
  const peerSeconds = Number(values['peer-seconds']);
  const rows = [];
  for (const shortSide of resolutions) {
    const peer = [];
    const app = [];
    for (let i = 0; i < repeat; i++) {
      peer.push(await onPage('peer.html', (o) => window.runPeer(o), { shortSide, seconds: peerSeconds, embedding }));
      app.push(await onPage('bench.html', (o) => window.runBench(o), { shortSide, seconds, workerOnly: true }));
    }
    const peerSummary = summarize(peer.filter((run) => !run.error), ['fps', 'msPerFrameP50', 'mainThreadLongTasks', 'longestMainThreadFreezeMs']);
    const appSummary = summarize(app.filter((run) => !run.error), ['worker.fps', 'worker.msPerFrameP50', 'worker.mainThreadLongTasks']);
    rows.push({
      shortSide,
      peerBackend: peer.find((run) => run.backend)?.backend ?? null,
      appBackend: app.find((run) => run.worker)?.worker.backend ?? null,
      peer: peerSummary,
      app: appSummary,
      appToPeerFps: ratio(appSummary['worker.fps'], peerSummary.fps),
      runs: { peer, app },
    });
  }
  return rows;
}

/** Each backend: the first frame at a new size, without and then with precompiled shaders. */
async function sizeSwitch() {
  const runs = [];
  for (const backend of backends) {
    for (const precompile of [false, true]) {
      // A fresh page each time: shaders compiled by the last run would hide the cost.
      const page = await openBenchPage();
      const options = { shortSide: resolutions[0], seconds, precompile, ...(backend === 'auto' ? {} : { backend }) };
      try {
        runs.push({ requestedBackend: backend, shortSide: resolutions[0], ...(await page.evaluate((o) => window.runSizeSwitch(o), options)) });
      } catch (error) {
        runs.push({ requestedBackend: backend, shortSide: resolutions[0], precompile, error: String(error).split('\n')[0] });
      }
      await page.close();
    }
  }
  return runs;
}

async function soak() {
  const page = await openBenchPage();
  const backend = backends[0] === 'auto' ? {} : { backend: backends[0] };
  const options = { shortSide: resolutions[0], seconds: Number(values.soak), sampleSeconds: Number(values.sample), ...backend };
  return page.evaluate((o) => window.runSoak(o), options);
}

/** One mode per run: its result goes under `key` in bench-results/<file>. */
const [file, key, measure] = values.recording
  ? ['recording.json', 'recording', () => benchRecording(browser, 'http://127.0.0.1:4174/', Number(values.recording))]
  : values.soak
    ? ['soak.json', 'soak', soak]
    : values['size-switch']
      ? ['size-switch.json', 'sizeSwitch', sizeSwitch]
      : values.peer
        ? ['peer.json', 'peer', peerRuns]
        : values.engines
          ? ['engines.json', 'engines', engineRuns]
        : values['first-frame']
          ? ['first-frame.json', 'firstFrame', firstFrameRuns]
        : ['bench.json', 'runs', benchRuns];

const browserVersion = browser.version();
let result;
try {
  result = await measure();
} finally {
  await browser.close();
  server.httpServer.close();
}

const report = {
  date: new Date().toISOString(),
  browser: `Chromium ${browserVersion} (headless)`,
  cpuCores: cpus().length,
  cpuModel: cpus()[0]?.model ?? null,
  gpuFlags: values.gpu,
  repeats: repeat,
  [key]: result,
};
mkdirSync(resolve(repoRoot, 'bench-results'), { recursive: true });
writeFileSync(resolve(repoRoot, 'bench-results', file), JSON.stringify(report, null, 2));
console.log(JSON.stringify(report, null, 2));
