// npm run bench [-- --backend=wasm --resolution=256 --seconds=10 --gpu]
// Builds the app, serves it on 127.0.0.1, drives Chromium with the fake camera and prints JSON:
// the worker pipeline and the naive main-thread pipeline, same backend, same run.
// --gpu leaves out the software-adapter flags so a machine with a real GPU uses it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { chromiumArgs, chromiumPath } from './chromium-args.mjs';
import { repoRoot } from './models-dir.mjs';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', multiple: true },
    resolution: { type: 'string', multiple: true },
    seconds: { type: 'string', default: '10' },
    gpu: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
});
const backends = values.backend ?? ['auto'];
const resolutions = (values.resolution ?? ['256']).map(Number);
const seconds = Number(values.seconds);

if (!values['no-build']) execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
const server = await preview({ root: repoRoot, logLevel: 'warn', preview: { port: 4174, strictPort: true, host: '127.0.0.1' } });
const url = 'http://127.0.0.1:4174/bench.html';

const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs({ realGpu: values.gpu }) });

const runs = [];
try {
  for (const backend of backends) {
    for (const shortSide of resolutions) {
      const page = await browser.newPage();
      page.on('console', (message) => message.type() === 'error' && process.stderr.write(`[page] ${message.text()}\n`));
      await page.goto(url);
      const options = { shortSide, seconds, ...(backend === 'auto' ? {} : { backend }) };
      const result = await page.evaluate((o) => window.runBench(o), options);
      runs.push({ requestedBackend: backend, shortSide, seconds, ...result });
      await page.close();
    }
  }
} finally {
  await browser.close();
  server.httpServer.close();
}

const report = { date: new Date().toISOString(), userAgent: 'Chromium (headless)', gpuFlags: values.gpu, runs };
mkdirSync(resolve(repoRoot, 'bench-results'), { recursive: true });
writeFileSync(resolve(repoRoot, 'bench-results', 'bench.json'), JSON.stringify(report, null, 2));
console.log(JSON.stringify(report, null, 2));
