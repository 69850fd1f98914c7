import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { writeFileSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { expect, it } from 'vitest';
import { SimdOutputPasses } from '../../src/worker/quality/kernels/simd-output-passes';
import { ScalarOutputPasses, type OutputPasses } from '../../src/worker/quality/output-passes';
import { TemporalStabilizer } from '../../src/worker/quality/temporal-stabilizer';
import { BT601, rgbFromYuv, type YuvPicture } from '../../src/worker/quality/yuv-picture';
import { provideImageData } from '../support/image-data';
import { pixelKernelsBytes } from '../support/paths';

// `npm run bench:passes`: the CPU quality chain's per-pixel work at the app's defaults, in Node on
// one thread: the output-size passes (the camera guide steadied, the upsampling with Detail into
// RGBA, 340×256 → 640×480) as JS loops against the WebAssembly SIMD kernels, and Reduce flicker's
// processing-size half (input and output sides, with the copies in and out of tfjs-wasm) as
// tfjs-wasm tensor ops against the SIMD kernels; alternating, each the median of 7 rounds of 30
// frames. Also the import of a 640×480 I420 camera frame onto the processing size (scaled and
// converted to RGB floats): the JS reference loop against the kernels. Written to
// bench-results/output-passes.json.

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
    passes.compose(frameOutput, OUTPUT, 0.6);
    compose += performance.now() - middle;
    guide += middle - start;
  }
  return { guide: guide / FRAMES, compose: compose / FRAMES };
}

/** Made once the backend is set: a camera frame as fromPixels gives it (int32), a network output. */
let frameInput: tf.Tensor3D;
let frameOutput: tf.Tensor3D;

interface Stabilizing {
  input(frame: tf.Tensor3D): { input: tf.Tensor3D; motion: tf.Tensor3D };
  output(stylized: tf.Tensor3D, motion: tf.Tensor3D): tf.Tensor3D;
}

/** ms per frame of Reduce flicker's two processing-size halves, each result read as the chain reads it. */
function timeStabilizer(stabilizer: Stabilizing): number {
  const start = performance.now();
  for (let frame = 0; frame < FRAMES; frame++) {
    tf.tidy(() => {
      const { input, motion } = stabilizer.input(frameInput);
      input.dataSync();
      stabilizer.output(frameOutput, motion).dataSync();
    });
  }
  return (performance.now() - start) / FRAMES;
}

/** A 640×480 I420 camera frame (noise), to import at the processing size. */
const cameraFrame: YuvPicture = {
  data: Uint8Array.from(noise(5, (OUTPUT.width * OUTPUT.height * 3) / 2, 255)),
  interleaved: false,
  ...OUTPUT,
  planes: {
    y: { offset: 0, stride: OUTPUT.width },
    u: { offset: OUTPUT.width * OUTPUT.height, stride: OUTPUT.width / 2 },
    v: { offset: (OUTPUT.width * OUTPUT.height * 5) / 4, stride: OUTPUT.width / 2 },
  },
  fullRange: false,
  matrix: BT601,
  to: SIZE,
};

/** ms per frame of a camera frame's import onto the backend. */
function timeImport(importFrame: (picture: YuvPicture) => tf.Tensor3D): number {
  const start = performance.now();
  for (let frame = 0; frame < FRAMES; frame++) importFrame(cameraFrame).dispose();
  return (performance.now() - start) / FRAMES;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const summary = (values: number[]) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values) });

it('times the output passes: JS loops against WebAssembly SIMD', async () => {
  provideImageData();
  const module = await WebAssembly.compile(pixelKernelsBytes());
  const implementations: Record<string, OutputPasses> = { js: new ScalarOutputPasses(), simd: await SimdOutputPasses.create(module) };
  const runs: Record<string, { guide: number[]; compose: number[] }> = { js: { guide: [], compose: [] }, simd: { guide: [], compose: [] } };
  expect(await tf.setBackend('wasm')).toBe(true);
  frameInput = tf.tidy(() => tf.tensor3d(noise(4, SIZE.width * SIZE.height * 3, 255), [SIZE.height, SIZE.width, 3]).toInt());
  frameOutput = tf.tensor3d(stylized, [SIZE.height, SIZE.width, 3]);
  const tensorStabilizer = new TemporalStabilizer();
  const simd = implementations.simd!.processingKernels!;
  const stabilizers: Record<string, Stabilizing> = {
    js: { input: (frame) => tensorStabilizer.stabilizeInput(frame), output: (out, motion) => tensorStabilizer.stabilizeOutput(out, motion) },
    simd: { input: (frame) => simd.stabilizeInput(frame, true), output: (out) => simd.stabilizeOutput(out, true) },
  };
  const stabilizing: Record<string, number[]> = { js: [], simd: [] };
  const importers: Record<string, (picture: YuvPicture) => tf.Tensor3D> = {
    js: (picture) => tf.tensor3d(rgbFromYuv(picture), [SIZE.height, SIZE.width, 3]),
    simd: (picture) => simd.importPixels(picture),
  };
  const importing: Record<string, number[]> = { js: [], simd: [] };
  for (const name of Object.keys(implementations)) {
    // Warm-up, the same for both.
    timeFrames(implementations[name]!);
    timeStabilizer(stabilizers[name]!);
    timeImport(importers[name]!);
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, passes] of Object.entries(implementations)) {
      const { guide, compose } = timeFrames(passes);
      runs[name]!.guide.push(guide);
      runs[name]!.compose.push(compose);
      stabilizing[name]!.push(timeStabilizer(stabilizers[name]!));
      importing[name]!.push(timeImport(importers[name]!));
    }
  }
  tensorStabilizer.dispose();
  const result = {
    node: process.version,
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    sizes: { processing: SIZE, output: OUTPUT },
    tfjsBackend: 'wasm (one thread)',
    msPerFrame: Object.fromEntries(
      Object.entries(runs).map(([name, { guide, compose }]) => [name, { guide: summary(guide), compose: summary(compose), reduceFlickerProcessingSize: summary(stabilizing[name]!), yuvImport: summary(importing[name]!) }]),
    ),
  };
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/output-passes.json', JSON.stringify(result, null, 2));
  console.log(JSON.stringify(result.msPerFrame, null, 1));
  expect(runs.simd!.compose.length).toBe(ROUNDS);
});
