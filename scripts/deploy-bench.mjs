// npm run bench:deploy [-- --repeat=3 --no-build]: the production build (dist/) on a static host that
// sends no headers (scripts/static-server.mjs, the app under /stylizer/), in fresh browser profiles:
//   first visit   the page as a new person opens it: no service worker yet, so no isolation headers;
//   second visit  the service worker in control (precache filled, headers added), online;
//   offline       the same, with the network cut.
// Each: milliseconds from opening the page to its first stylized frame (Start camera pressed as soon
// as it shows) and the engine's threads from the status line. Also the size of dist/ and of the
// precache. Median of --repeat fresh profiles with [min-max]; JSON in bench-results/deploy.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { summary } from './bench-summary.mjs';
import { chromiumArgs, chromiumPath } from './chromium-args.mjs';
import { repoRoot } from './models-dir.mjs';
import { serveStatic } from './static-server.mjs';

const { values } = parseArgs({
  options: { repeat: { type: 'string', default: '3' }, 'no-build': { type: 'boolean', default: false } },
});
const repeat = Math.max(1, Number(values.repeat));
const dist = resolve(repoRoot, 'dist');
if (!values['no-build']) execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });

function folderBytes(folder) {
  return readdirSync(folder).reduce((sum, name) => {
    const path = join(folder, name);
    const stat = statSync(path);
    return sum + (stat.isDirectory() ? folderBytes(path) : stat.size);
  }, 0);
}
const precachedUrls = [...readFileSync(resolve(dist, 'service-worker.js'), 'utf8').matchAll(/"url":"([^"]+)"/g)].map((match) => match[1]);
const precacheBytes = precachedUrls.reduce((sum, url) => sum + statSync(resolve(dist, url)).size, 0);

const server = await serveStatic(dist, { port: 4179, prefix: '/stylizer/' });
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs() });
const browserVersion = browser.version();

/** Opens (or reloads) the app, presses Start camera as soon as it shows, and times the first stylized frame. */
async function visit(page, open) {
  const start = performance.now();
  await open();
  await page.getByRole('button', { name: 'Start camera' }).click({ timeout: 120_000 });
  const status = page.getByRole('status');
  for (;;) {
    const text = (await status.textContent()) ?? '';
    const frames = Number(/(\d+) frames/.exec(text)?.[1] ?? 0);
    if (frames >= 1) {
      return {
        firstFrameMs: Math.round(performance.now() - start),
        threads: Number(/(\d+) threads?/.exec(text)?.[1] ?? NaN),
        isolated: await page.evaluate(() => globalThis.crossOriginIsolated),
        serviceWorker: await page.evaluate(() => navigator.serviceWorker.controller !== null),
      };
    }
    if (performance.now() - start > 180_000) throw new Error(`no stylized frame after 180 s: ${text}`);
    await new Promise((done) => setTimeout(done, 25));
  }
}

async function oneProfile() {
  const context = await browser.newContext({ serviceWorkers: 'allow' });
  const page = await context.newPage();
  try {
    const first = await visit(page, () => page.goto(server.url));
    // The precache fills in the background; the second visit is the next time the person comes.
    await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistration())?.active?.state === 'activated', null, { timeout: 300_000 });
    await page.goto('about:blank');
    const second = await visit(page, () => page.goto(server.url));
    await page.goto('about:blank');
    await context.setOffline(true);
    const offline = await visit(page, () => page.goto(server.url));
    return { first, second, offline };
  } finally {
    await context.close();
  }
}

const runs = [];
try {
  for (let i = 0; i < repeat; i++) runs.push(await oneProfile());
} finally {
  await browser.close();
  await server.close();
}
const visits = Object.fromEntries(
  ['first', 'second', 'offline'].map((name) => [
    name,
    {
      firstFrameMs: summary(runs.map((run) => run[name].firstFrameMs)),
      threads: runs.map((run) => run[name].threads),
      isolated: runs.map((run) => run[name].isolated),
      serviceWorker: runs.map((run) => run[name].serviceWorker),
    },
  ]),
);
const report = {
  date: new Date().toISOString(),
  command: `npm run bench:deploy -- ${process.argv.slice(2).join(' ')}`.trim(),
  browser: `Chromium ${browserVersion} (headless)`,
  cpuCores: cpus().length,
  host: 'scripts/static-server.mjs on 127.0.0.1 (no headers), app under /stylizer/',
  distBytes: folderBytes(dist),
  precache: { files: precachedUrls.length, bytes: precacheBytes },
  repeats: repeat,
  visits,
  runs,
};
mkdirSync(resolve(repoRoot, 'bench-results'), { recursive: true });
writeFileSync(resolve(repoRoot, 'bench-results', 'deploy.json'), JSON.stringify(report, null, 2));
console.log(JSON.stringify({ ...report, runs: undefined }, null, 2));
