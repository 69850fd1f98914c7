import { writeFileSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { expect, it } from 'vitest';
import { SimdOutputPasses } from '../../src/worker/quality/kernels/simd-output-passes';
import { ScalarOutputPasses, type OutputPasses } from '../../src/worker/quality/output-passes';
import { provideImageData } from '../support/image-data';
import { pixelKernelsBytes } from '../support/paths';

// `npm run bench:passes`: the CPU quality chain's output-size passes (the camera guide steadied,
// the upsampling with Detail into RGBA) at the app's defaults, 340×256 → 640×480, in Node's V8:
// the JS loops against the WebAssembly SIMD kernels, alternating, each the median of 7 rounds of
// 30 frames. Written to bench-results/output-passes.json.

const SIZE = { width: 340, height: 256 };
const OUTPUT = { width: 640, height: 480 };
const ROUNDS = 7;
const FRAMES = 30;

function noise(seed: number, length: number, scale: number): Float32Array {
  let state = seed;
  const values = new Float32Array(length);
  for (let i = 0; i < length; i++) values[i] = ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32) * scale;
  return values;
}

const stylized = noise(1, SIZE.width * SIZE.height * 3, 1);
const motion = { values: noise(2, SIZE.width * SIZE.height, 1), ...SIZE };
const luma = { data: Uint8Array.from(noise(3, OUTPUT.width * OUTPUT.height, 219), (v) => v + 16), ...OUTPUT, fullRange: false };

/** ms per frame of `passes` for the guide and the composing, over FRAMES frames. */
function timeFrames(passes: OutputPasses): { guide: number; compose: number } {
  let guide = 0;
  let compose = 0;
  for (let frame = 0; frame < FRAMES; frame++) {
    const start = performance.now();
    passes.updateGuide(luma, motion, 0.3);
    const middle = performance.now();
    passes.compose(stylized, SIZE, OUTPUT, 0.6);
    compose += performance.now() - middle;
    guide += middle - start;
  }
  return { guide: guide / FRAMES, compose: compose / FRAMES };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const summary = (values: number[]) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values) });

it('times the output passes: JS loops against WebAssembly SIMD', async () => {
  provideImageData();
  const module = await WebAssembly.compile(pixelKernelsBytes());
  const implementations: Record<string, OutputPasses> = { js: new ScalarOutputPasses(), simd: await SimdOutputPasses.create(module) };
  const runs: Record<string, { guide: number[]; compose: number[] }> = { js: { guide: [], compose: [] }, simd: { guide: [], compose: [] } };
  for (const passes of Object.values(implementations)) timeFrames(passes); // warm-up, the same for both
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, passes] of Object.entries(implementations)) {
      const { guide, compose } = timeFrames(passes);
      runs[name]!.guide.push(guide);
      runs[name]!.compose.push(compose);
    }
  }
  const result = {
    node: process.version,
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    sizes: { processing: SIZE, output: OUTPUT },
    msPerFrame: Object.fromEntries(Object.entries(runs).map(([name, { guide, compose }]) => [name, { guide: summary(guide), compose: summary(compose) }])),
  };
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/output-passes.json', JSON.stringify(result, null, 2));
  console.log(JSON.stringify(result.msPerFrame, null, 1));
  expect(runs.simd!.compose.length).toBe(ROUNDS);
});
