import { expect, test } from '@playwright/test';
import { readStatus, stylizerWorker, waitForFrames } from './helpers';

// The short version of `npm run bench -- --soak=600`: the same checks over 20 s instead of 10 min.
test('a 20 s run keeps tensors, tensor memory and the backend heap flat', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Start camera' }).click();
  await waitForFrames(page, 3);

  const sample = () =>
    stylizerWorker(page).evaluate(() => {
      const engine = (self as unknown as { _tfengine: { memory(): { numTensors: number; numBytes: number }; backendInstance: { wasm?: { HEAPU8: Uint8Array } } } })._tfengine;
      const { numTensors, numBytes } = engine.memory();
      return { numTensors, numBytes, heap: engine.backendInstance.wasm?.HEAPU8.byteLength ?? 0 };
    });
  const first = await sample();
  const framesAtFirst = (await readStatus(page)).frames;
  const samples = [first];
  for (let i = 0; i < 10; i++) {
    await page.waitForTimeout(2000);
    samples.push(await sample());
  }
  // Frames kept coming the whole time, so the flat line is not an idle pipeline.
  expect((await readStatus(page)).frames - framesAtFirst).toBeGreaterThan(20);
  for (const later of samples) expect(later).toEqual(first);
});
