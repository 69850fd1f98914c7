import { expect, test } from '@playwright/test';
import { capture, contrast, gridDifference, readStatus, stylizerWorker, waitForFrames } from './helpers';

/** tfjs keeps its engine on the global object; through it a test reaches the backend's GPU handles. */
const loseGpu = {
  webgpu: () => (self as unknown as { _tfengine: { backendInstance: { device: GPUDevice } } })._tfengine.backendInstance.device.destroy(),
  webgl: () =>
    (self as unknown as { _tfengine: { backendInstance: { gpgpu: { gl: WebGL2RenderingContext } } } })._tfengine.backendInstance.gpgpu.gl
      .getExtension('WEBGL_lose_context')!
      .loseContext(),
};

/** How many shader pipelines tfjs's WebGPU backend has compiled so far. */
const compiledPipelines = () =>
  Object.keys((self as unknown as { _tfengine: { backendInstance: { pipelineCache: object } } })._tfengine.backendInstance.pipelineCache).length;

// Software GPUs take seconds per frame here, so these only prove that each path yields stylized frames
// (and, on WebGPU, that the load compiled every shader the frames use: none is compiled mid-stream).
for (const [backend, label] of [['webgpu', 'WebGPU'], ['webgl', 'WebGL']] as const) {
  test(`?backend=${backend} produces stylized frames${backend === 'webgpu' ? ' with every shader compiled at load' : ''}, and recovers from a lost GPU`, async ({ page }) => {
    await page.goto(`/?backend=${backend}&resolution=32`);
    await expect(page.getByRole('status')).toContainText(`Backend: ${label}`, { timeout: 120_000 });
    await expect(page.getByText(`Using ${label}, as the address asks.`)).toBeVisible();
    const pipelinesAtLoad = backend === 'webgpu' ? await stylizerWorker(page).evaluate(compiledPipelines) : 0;
    await page.getByLabel('View').selectOption('side-by-side');
    await page.getByRole('button', { name: 'Start camera' }).click();
    await waitForFrames(page, 2, 0, 150_000);
    if (backend === 'webgpu') expect(await stylizerWorker(page).evaluate(compiledPipelines)).toBe(pipelinesAtLoad);
    const status = await readStatus(page);
    expect(status.text).toMatch(/44×32/);
    const stylized = await capture(page.getByRole('img', { name: 'Stylized video' }));
    const original = await capture(page.getByLabel('Original video'));
    expect(contrast(stylized)).toBeGreaterThan(0.03);
    expect(gridDifference(original, stylized, 8, 6)).toBeGreaterThan(0.05);

    // A driver reset or GPU-process crash, as the backend sees it.
    await stylizerWorker(page).evaluate(loseGpu[backend]);
    await expect(page.getByText(new RegExp(`The stylizer stopped \\(${label} (device|context) lost.*\\); it was restarted`))).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('status')).toContainText(`Backend: ${label}`, { timeout: 120_000 });
    // A new worker counts from zero: these frames came from the fresh device.
    await waitForFrames(page, 2, 0, 150_000);
    await expect(page.getByRole('button', { name: 'Stop camera' })).toBeVisible();
  });
}
