import { expect, test } from '@playwright/test';
import { BENCH_PORT } from './ports';

interface SizeSwitch {
  backend: string;
  precompiled: boolean;
  shadersCompiledDuringSteps: number | null;
  steps: unknown[];
}

// The benchmark page's size-switch run, on WebGPU over SwiftShader at tiny sizes: it steps through
// two smaller sizes after warming up at 44x32 (below the app's ladder, whose floor is 128 px, so
// the steps are given). Shader counts, not timings, are asserted. 28 and 20 px, because sizes that
// are multiples of 8 (24, 16) reuse the 32 px shaders and would prove nothing.
async function sizeSwitch(page: import('@playwright/test').Page, precompile: boolean): Promise<SizeSwitch> {
  await page.goto(`http://127.0.0.1:${BENCH_PORT}/bench.html`);
  return page.evaluate(
    (o) => (window as unknown as { runSizeSwitch(o: object): Promise<SizeSwitch> }).runSizeSwitch(o),
    { backend: 'webgpu', shortSide: 32, seconds: 1, precompile, stepShortSides: [28, 20] },
  );
}

test('WebGPU compiles new shaders at a new processing size unless they were precompiled', async ({ page }) => {
  const cold = await sizeSwitch(page, false);
  expect(cold.backend).toBe('webgpu');
  expect(cold.steps).toHaveLength(2);
  // Without precompiling, stepping to smaller sizes compiles pipelines mid-stream (a stall).
  expect(cold.shadersCompiledDuringSteps).toBeGreaterThan(0);

  const warm = await sizeSwitch(page, true);
  expect(warm.precompiled).toBe(true);
  expect(warm.shadersCompiledDuringSteps).toBe(0);
});

// That the app itself compiles at load every shader its frames use is checked in forced-backends.spec.ts.
