// npm run bench [-- --backend=wasm --resolution=256 --seconds=10 --gpu] (--backend/--resolution repeat)
// npm run bench -- --matrix: webgpu, webgl, wasm, cpu × 256, 384, 480 (slow without a GPU)
// npm run bench -- --soak=600 [--sample=30 --backend=wasm]: a long run at the default settings
// sampling tensors, backend memory and JS heap (written to bench-results/soak.json).
// npm run bench -- --size-switch [--backend=webgl --resolution=64]: the stall of the first frame at
// each smaller adaptive size, with and without precompiled shaders (bench-results/size-switch.json).
// npm run bench -- --recording=20: fps with and without a recording, and each format's bitrate
// (written to bench-results/recording.json).
// Builds the app, serves it on 127.0.0.1, drives Chromium with the fake camera and prints JSON:
// the worker pipeline and the naive main-thread pipeline, same backend, same run.
// --gpu leaves out the software-adapter flags so a machine with a real GPU uses it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { benchRecording } from './bench-recording.mjs';
import { chromiumArgs, chromiumPath } from './chromium-args.mjs';
import { repoRoot } from './models-dir.mjs';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', multiple: true },
    resolution: { type: 'string', multiple: true },
    seconds: { type: 'string', default: '10' },
    gpu: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    soak: { type: 'string' },
    sample: { type: 'string', default: '30' },
    recording: { type: 'string' },
    matrix: { type: 'boolean', default: false },
    'size-switch': { type: 'boolean', default: false },
  },
});
// --matrix: every backend at every processing size the app offers.
const backends = values.backend ?? (values.matrix ? ['webgpu', 'webgl', 'wasm', 'cpu'] : ['auto']);
const resolutions = (values.resolution ?? (values.matrix ? ['256', '384', '480'] : ['256'])).map(Number);
const seconds = Number(values.seconds);

if (!values['no-build']) execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
const server = await preview({ root: repoRoot, logLevel: 'warn', preview: { port: 4174, strictPort: true, host: '127.0.0.1' } });
const url = 'http://127.0.0.1:4174/bench.html';

// Eager memory measurement: without it each heap sample waits for the next garbage collection.
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: [...chromiumArgs({ realGpu: values.gpu }), '--enable-blink-features=ForceEagerMeasureMemory'],
});

async function openBenchPage() {
  const page = await browser.newPage();
  page.on('console', (message) => message.type() === 'error' && process.stderr.write(`[page] ${message.text()}\n`));
  await page.goto(url);
  return page;
}

async function benchRuns() {
  const runs = [];
  for (const backend of backends) {
    for (const shortSide of resolutions) {
      const page = await openBenchPage();
      const options = { shortSide, seconds, ...(backend === 'auto' ? {} : { backend }) };
      try {
        const result = await page.evaluate((o) => window.runBench(o), options);
        runs.push({ requestedBackend: backend, shortSide, seconds, ...result });
      } catch (error) {
        // A backend this browser lacks is a row that says so, not the end of the run.
        runs.push({ requestedBackend: backend, shortSide, seconds, error: String(error).split('\n')[0] });
      }
      await page.close();
    }
  }
  return runs;
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
      : ['bench.json', 'runs', benchRuns];

let result;
try {
  result = await measure();
} finally {
  await browser.close();
  server.httpServer.close();
}

const report = { date: new Date().toISOString(), userAgent: 'Chromium (headless)', gpuFlags: values.gpu, [key]: result };
mkdirSync(resolve(repoRoot, 'bench-results'), { recursive: true });
writeFileSync(resolve(repoRoot, 'bench-results', file), JSON.stringify(report, null, 2));
console.log(JSON.stringify(report, null, 2));
