import { defineConfig } from 'vitest/config';

// Slow, opt-in estimates (npm run estimate:f16), not part of npm test.
export default defineConfig({
  test: { include: ['tests/estimates/**/*.estimate.ts'], testTimeout: 900_000, hookTimeout: 120_000 },
});
