import { expect, test } from '@playwright/test';
import { BENCH_PORT } from './ports';
import { stylizerWorker, waitForFrames } from './helpers';

interface SizeSwitch {
  backend: string;
  precompiled: boolean;
  shadersCompiledDuringSteps: number | null;
  steps: unknown[];
}

// The benchmark page's size-switch run, on WebGPU over SwiftShader at tiny sizes: it steps through
// four smaller sizes after warming up at 44x32 (below the app's ladder, whose floor is 128 px, so
// the steps are given). Shader counts, not timings, are asserted.
async function sizeSwitch(page: import('@playwright/test').Page, precompile: boolean): Promise<SizeSwitch> {
  await page.goto(`http://127.0.0.1:${BENCH_PORT}/bench.html`);
  return page.evaluate(
    (o) => (window as unknown as { runSizeSwitch(o: object): Promise<SizeSwitch> }).runSizeSwitch(o),
    { backend: 'webgpu', shortSide: 32, seconds: 1, precompile, stepShortSides: [28, 24, 20, 16] },
  );
}

test('WebGPU compiles new shaders at a new processing size unless they were precompiled', async ({ page }) => {
  const cold = await sizeSwitch(page, false);
  expect(cold.backend).toBe('webgpu');
  expect(cold.steps).toHaveLength(4);
  // Without precompiling, stepping to smaller sizes compiles pipelines mid-stream (a stall).
  expect(cold.shadersCompiledDuringSteps).toBeGreaterThan(0);

  const warm = await sizeSwitch(page, true);
  expect(warm.precompiled).toBe(true);
  expect(warm.shadersCompiledDuringSteps).toBe(0);
});

test('the app compiles at load every WebGPU shader its frames use', async ({ page }) => {
  // 160 px: the adaptive ladder holds 128 and 160, so the load precompiles the smaller size too.
  await page.goto('/?backend=webgpu&resolution=160');
  await expect(page.getByRole('status')).toContainText('Backend: WebGPU', { timeout: 120_000 });
  const worker = stylizerWorker(page);
  const pipelines = () =>
    worker.evaluate(() => Object.keys((self as unknown as { _tfengine: { backendInstance: { pipelineCache: object } } })._tfengine.backendInstance.pipelineCache).length);
  const atLoad = await pipelines();
  await page.getByRole('button', { name: 'Start camera' }).click();
  await waitForFrames(page, 1, 0, 120_000);
  expect(await pipelines()).toBe(atLoad);
});
