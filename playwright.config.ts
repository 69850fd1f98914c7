import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './scripts/chromium-args.mjs';
import { APP_PORT, BENCH_PORT } from './tests/e2e/ports';
import { ENGINE_CHOICE_STATE } from './tests/e2e/setup/state-files';

const PORT = APP_PORT;

/**
 * `npm test` builds both bundles beside the static checks (test:checks) just before, so the servers
 * only serve them; `npx playwright test` on its own builds them first.
 */
const build = (mode: 'production' | 'bench') => (process.env.STYLIZER_TESTS_PREBUILT ? '' : `npx vite build --mode ${mode} --logLevel warn && `);

export default defineConfig({
  testDir: 'tests/e2e',
  // Two browsers at a time, a test file to each: the stylizer keeps both cores busy, but every test
  // also waits (page and model loads, real-time recordings, timers), and the other one runs meanwhile.
  // Back to back on the 2-core machine: 1 worker 495 s, 2 workers 440 s (docs/testing.md). Clips the
  // tests write are written whole before they are renamed into place (writeAtomically).
  workers: 2,
  fullyParallel: false,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 60_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    viewport: { width: 1200, height: 800 },
    // Playwright gives every launch a fresh, temporary profile (its own --user-data-dir).
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs() },
    // The built app registers a service worker that precaches ~52 MB; each test's fresh profile would
    // download it all again. Only production-build.spec.ts, which tests it, lets it run.
    serviceWorkers: 'block',
  },
  projects: [
    // One first visit times the engines; every test then starts from its decision (see the file).
    { name: 'engine-choice', testMatch: /setup\/.*\.setup\.ts/ },
    { name: 'app', dependencies: ['engine-choice'], use: { storageState: ENGINE_CHOICE_STATE } },
  ],
  webServer: [
    {
      // The production build, exactly what ships, served with the app's headers.
      command: `${build('production')}npx vite preview --port ${PORT} --strictPort`,
      url: `http://127.0.0.1:${PORT}/`,
      timeout: 240_000,
      reuseExistingServer: !process.env.CI,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `${build('bench')}npx vite preview --mode bench --port ${BENCH_PORT} --strictPort`,
      url: `http://127.0.0.1:${BENCH_PORT}/bench.html`,
      timeout: 240_000,
      reuseExistingServer: !process.env.CI,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
