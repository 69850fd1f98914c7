import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { serveStatic, type StaticServer } from '../../scripts/static-server.mjs';
import { contentPhoto } from './bad-files';
import { readStatus, waitForFrames } from './helpers';
import { STATIC_PORT } from './ports';

// The built dist/ (playwright.config.ts's first web server builds it) on the plainest host there is:
// files and their types, no headers at all, the app in a subfolder. The service worker runs here.
test.use({ serviceWorkers: 'allow' });

const dist = resolve(import.meta.dirname, '../../dist');
/** A file the app fetches on every start on a CPU (the fast network's weights), precached with its hash. */
const CHECKED_FILE = 'models/fast-transformer/weights.bin';

let server: StaticServer;
test.beforeAll(async () => {
  server = await serveStatic(dist, { port: STATIC_PORT, prefix: '/stylizer/' });
});
test.afterAll(async () => {
  await server.close();
});

async function startCameraAndWaitForFrames(page: Page, count: number): Promise<void> {
  await page.getByRole('button', { name: 'Start camera' }).click();
  await waitForFrames(page, count);
}

/** The checked file as it is in the service worker's cache now: its bytes, and a way to cut it short. */
function cachedCopy(page: Page, name: string, cut: boolean): Promise<number | null> {
  return page.evaluate(
    async ({ name, cut }) => {
      for (const cacheName of await caches.keys()) {
        const cache = await caches.open(cacheName);
        for (const request of await cache.keys()) {
          if (!new URL(request.url).pathname.endsWith(name)) continue;
          const bytes = await (await cache.match(request))!.arrayBuffer();
          if (cut) await cache.put(request, new Response(bytes.slice(0, bytes.byteLength >> 1), { headers: { 'Content-Type': 'application/octet-stream' } }));
          return bytes.byteLength;
        }
      }
      return null;
    },
    { name, cut },
  );
}

test('the built app works from a header-less host with every core, offline after the first visit, and repairs a damaged cached model', async ({ page, context }) => {
  test.setTimeout(420_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));

  await test.step('first visit: the service worker installs, takes the page, and one reload gives it threads', async () => {
    await page.goto(server.url);
    // The page reloads itself on the way: an evaluation cut short by that counts as "not yet".
    const isolatedUnderWorker = () => page.evaluate(() => navigator.serviceWorker.controller !== null && globalThis.crossOriginIsolated).catch(() => false);
    await expect.poll(isolatedUnderWorker, { timeout: 180_000, intervals: [250] }).toBe(true);
    await startCameraAndWaitForFrames(page, 3);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    // The status line names the engine's threads: every core, which needs the isolation headers the worker added.
    expect((await readStatus(page)).text).toMatch(new RegExp(`${cores} threads`));
    expect(problems).toEqual([]);
  });

  await test.step('the built page carries its protections: the CSP meta blocks an injected inline script', async () => {
    // Only the app ships: the benchmark pages are built for npm run bench alone.
    expect(existsSync(resolve(dist, 'bench.html'))).toBe(false);
    const html = readFileSync(resolve(dist, 'index.html'), 'utf8');
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;self&#39;/);
    const ran = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.injectedRan = true;';
      document.head.append(script);
      await new Promise((done) => setTimeout(done, 0));
      return (window as unknown as { injectedRan?: boolean }).injectedRan === true;
    });
    expect(ran).toBe(false);
    problems.length = 0; // the blocked script's own console error
  });

  await test.step('installable: a manifest with the icons browsers ask for, the output window as a shortcut, and a service worker', async () => {
    const manifestUrl = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifest = (await (await page.request.get(new URL(manifestUrl!, server.url).href)).json()) as {
      name: string; display: string; start_url: string; icons: { sizes: string; purpose?: string }[]; shortcuts: { url: string }[];
    };
    expect(manifest.display).toBe('standalone');
    expect(manifest.icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(manifest.icons.some((icon) => icon.purpose === 'maskable')).toBe(true);
    expect(manifest.shortcuts.map((shortcut) => shortcut.url)).toContain('./?view=output');
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state)).toBe('activated');
  });

  await test.step('offline: the app opens from the cache, stylizes, and a new style of the person’s own works', async () => {
    const requestsBefore = server.stats.requests;
    await context.setOffline(true);
    await page.reload();
    await startCameraAndWaitForFrames(page, 3);
    await page.getByLabel('Style image').setInputFiles({ name: 'stata.jpg', mimeType: 'image/jpeg', buffer: contentPhoto('stata.jpg') });
    await expect(page.getByText('Added “stata” to your styles.')).toBeVisible({ timeout: 60_000 });
    const frames = (await readStatus(page)).frames;
    await waitForFrames(page, 3, frames);
    // Offline for the page's and the service worker's fetches, or this step would prove nothing; only
    // the browser's own update check of the service worker script ignores the emulated offline.
    expect(server.stats.paths.slice(requestsBefore).filter((path) => !path.endsWith('/service-worker.js'))).toEqual([]);
    expect(problems).toEqual([]);
  });

  await test.step('a damaged cached model: said clearly when offline, fetched again when online', async () => {
    // Damage on disk happens while the service worker sleeps: stop it, so it reads the cache afresh.
    const cdp = await context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    const stopWorkers = () => cdp.send('ServiceWorker.stopAllWorkers');
    const whole = await cachedCopy(page, CHECKED_FILE, true);
    expect(whole).toBeGreaterThan(0);
    await stopWorkers();
    await page.reload();
    await expect(page.getByText(/saved copy of weights\.bin was damaged.*connect to the internet and reload/)).toBeVisible({ timeout: 60_000 });

    await context.setOffline(false);
    await stopWorkers();
    await page.reload();
    await startCameraAndWaitForFrames(page, 3);
    expect(await cachedCopy(page, CHECKED_FILE, false)).toBe(whole);
  });

  await test.step('a new version waits for the person: "A new version … is ready" and Reload, never a swap under the camera', async () => {
    const frames = (await readStatus(page)).frames;
    server.override('/stylizer/service-worker.js', `${readFileSync(resolve(dist, 'service-worker.js'), 'utf8')}\n// the next version\n`);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    await expect(page.getByText('A new version of the app is ready.')).toBeVisible({ timeout: 60_000 });
    // The running camera goes on under the old version until then.
    await waitForFrames(page, 3, frames);
    // Read across the reload that Reload starts: an evaluation cut short by it is "not yet".
    const waiting = () => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting?.state ?? null).catch(() => 'reloading');
    expect(await waiting()).toBe('installed');
    await page.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(waiting, { timeout: 60_000 }).toBeNull();
    await expect(page.getByRole('button', { name: 'Start camera' })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByText('A new version of the app is ready.')).toHaveCount(0);
  });
});
