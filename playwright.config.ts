import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './scripts/chromium-args.mjs';

const PORT = 4173;

export default defineConfig({
  testDir: 'tests/e2e',
  // One browser at a time: the machine has 2 cores and the stylizer uses both.
  workers: 1,
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
  },
  webServer: {
    command: `npx vite build --logLevel warn && npx vite preview --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}/`,
    timeout: 240_000,
    reuseExistingServer: !process.env.CI,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
