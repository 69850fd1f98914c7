import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StylizeRegion } from '../../../../src/shared/protocol';
import type { LumaPlane } from '../../../../src/worker/quality/camera-luma';
import { SimdOutputPasses } from '../../../../src/worker/quality/kernels/simd-output-passes';
import { PixelQualityChain } from '../../../../src/worker/quality/pixel-quality-chain';
import { QualityChain, type QualitySettings } from '../../../../src/worker/quality/quality-chain';
import { RegionMask } from '../../../../src/worker/quality/region-mask';
import { BT601, type YuvPicture } from '../../../../src/worker/quality/yuv-picture';
import { provideImageData } from '../../../support/image-data';
import { pixelKernelsBytes } from '../../../support/paths';
import { yuvFrame } from '../../../support/yuv-frames';

// Person only / Background only with the kernels and a YUV camera (CPU-side backends), and with the
// tensor chain and an RGBA camera copy (GPU backends): the unstylized region is the camera's own
// pixels at the output size (its full resolution), not the frame at the processing size brought
// back up; the stylized region is what Everything gives; the weights between blend.

const PROCESSING = { width: 17, height: 13 };
const OUTPUT = { width: 42, height: 30 };
const SETTINGS: Record<string, QualitySettings> = {
  defaults: { reduceFlicker: true, keepColours: false, detail: 0.6 },
  'no Detail': { reduceFlicker: false, keepColours: false, detail: 0 },
};

/** The camera at the output size: colour gradients with a one-pixel checkerboard no processing size can carry. */
function cameraPicture(index: number): Float32Array {
  const rgb = new Float32Array(OUTPUT.width * OUTPUT.height * 3);
  for (let y = 0; y < OUTPUT.height; y++) for (let x = 0; x < OUTPUT.width; x++) {
    const check = (x + y + index) % 2 === 0 ? 30 : -30;
    rgb.set([120 + check + 60 * (x / OUTPUT.width), 110 + check, 90 + check + 50 * (y / OUTPUT.height)], (y * OUTPUT.width + x) * 3);
  }
  return rgb;
}

function cameraFrame(index: number): { pixels: ImageData; camera: LumaPlane } {
  const colour: YuvPicture = yuvFrame(cameraPicture(index), OUTPUT, { interleaved: false, fullRange: false, matrix: BT601, to: OUTPUT });
  const luma = new Uint8Array(OUTPUT.width * OUTPUT.height);
  for (let y = 0; y < OUTPUT.height; y++) luma.set(colour.data.subarray(y * colour.planes.y.stride, y * colour.planes.y.stride + OUTPUT.width), y * OUTPUT.width);
  // The processing size's pixels: every other camera pixel (what the network sees matters little here).
  const pixels = new ImageData(PROCESSING.width, PROCESSING.height);
  const rgb = cameraPicture(index);
  for (let y = 0; y < PROCESSING.height; y++) for (let x = 0; x < PROCESSING.width; x++) {
    const from = (Math.floor((y * OUTPUT.height) / PROCESSING.height) * OUTPUT.width + Math.floor((x * OUTPUT.width) / PROCESSING.width)) * 3;
    pixels.data.set([rgb[from]!, rgb[from + 1]!, rgb[from + 2]!, 255], (y * PROCESSING.width + x) * 4);
  }
  return { pixels, camera: { data: luma, width: OUTPUT.width, height: OUTPUT.height, fullRange: false, colour } };
}

/** The camera's own RGB at (x, y), 0..255, from its planes (chroma from the 2×2 block), as the output should show it. */
function cameraRgb(camera: LumaPlane, x: number, y: number): [number, number, number] {
  const { data, planes } = camera.colour!;
  const luma = (data[planes.y.offset + y * planes.y.stride + x]! - 16) * (255 / 219);
  const cb = (data[planes.u.offset + (y >> 1) * planes.u.stride + (x >> 1)]! - 128) * (255 / 224);
  const cr = (data[planes.v.offset + (y >> 1) * planes.v.stride + (x >> 1)]! - 128) * (255 / 224);
  const clamp = (value: number) => Math.min(255, Math.max(0, value));
  return [clamp(luma + 1.402 * cr), clamp(luma - 0.344136 * cb - 0.714136 * cr), clamp(luma + 1.772 * cb)];
}

/** A stand-in network: the input's colours turned around, with strokes that differ every frame. */
function stylize(input: tf.Tensor3D, index: number): tf.Tensor3D {
  return tf.tidy(() => input.div(255).reverse(2).mul(0.6).add(0.2 + 0.05 * (index % 2)));
}

/** Stand-in segmenters on a 12×8 grid: nobody, everybody, or a person in the left half. */
const SEGMENTERS: Record<string, () => tf.Tensor3D> = {
  nobody: () => tf.zeros([8, 12, 1]),
  everybody: () => tf.ones([8, 12, 1]),
  'left half': () => tf.tidy(() => tf.range(0, 12).less(6).cast('float32').reshape([1, 12, 1]).tile([8, 1, 1]) as tf.Tensor3D),
};

let kernels: WebAssembly.Module;

beforeAll(async () => {
  provideImageData();
  kernels = await WebAssembly.compile(pixelKernelsBytes());
  expect(await tf.setBackend('wasm')).toBe(true);
});

/** The camera frame as GPU backends get it at the output size: RGBA (the same picture, from its planes). */
function rgbaCopy(camera: LumaPlane): ImageData {
  const image = new ImageData(OUTPUT.width, OUTPUT.height);
  for (let y = 0; y < OUTPUT.height; y++) for (let x = 0; x < OUTPUT.width; x++) image.data.set([...cameraRgb(camera, x, y), 255], (y * OUTPUT.width + x) * 4);
  return image;
}

type ChainKind = 'kernels, YUV camera' | 'tensor chain, RGBA camera';

/** Three frames through a chain in `region` with `segmenter`: each output's RGBA and the camera it came from. */
async function run(kind: ChainKind, region: StylizeRegion, segmenter: string, settings: QualitySettings) {
  const passes = await SimdOutputPasses.create(kernels);
  const regions = new RegionMask(() => region, SEGMENTERS[segmenter]!, 1, kind === 'tensor chain, RGBA camera' ? undefined : (passes.refiner ?? undefined));
  const chain = kind === 'tensor chain, RGBA camera' ? new QualityChain(() => settings, regions) : new PixelQualityChain(() => settings, regions, passes);
  expect(chain.needsCamera()).toBe(region !== 'everything' || settings.detail > 0);
  const frames: { output: Uint8ClampedArray; camera: LumaPlane }[] = [];
  for (let index = 0; index < 3; index++) {
    const { pixels: image, camera } = cameraFrame(index);
    const pixels = chain.importPixels(image);
    const cameraImage = kind === 'tensor chain, RGBA camera' ? rgbaCopy(camera) : camera;
    const finished = tf.tidy(() => {
      const prepared = chain.prepare(pixels, chain.needsCamera() ? cameraImage : null);
      return chain.finish(stylize(prepared.input, index), prepared, OUTPUT);
    });
    pixels.dispose();
    const presented = chain.present(finished, OUTPUT);
    frames.push({ output: presented instanceof tf.Tensor ? toRgba(presented) : presented.data.slice(), camera });
  }
  chain.dispose();
  return frames;
}

/** 8-bit RGBA of a finished [H,W,3] 0..1 tensor (disposed), as the canvas sink draws it. */
function toRgba(image: tf.Tensor3D): Uint8ClampedArray {
  const values = image.dataSync();
  image.dispose();
  const rgba = new Uint8ClampedArray((values.length / 3) * 4);
  for (let from = 0, to = 0; from < values.length; from += 3, to += 4) rgba.set([values[from]! * 255, values[from + 1]! * 255, values[from + 2]! * 255, 255], to);
  return rgba;
}

/** Largest difference over the pixels in columns [from, to) of the output. */
function largestIn(a: (x: number, y: number) => readonly number[], b: (x: number, y: number) => readonly number[], from: number, to: number): number {
  let largest = 0;
  for (let y = 0; y < OUTPUT.height; y++) for (let x = from; x < to; x++) {
    const [p, q] = [a(x, y), b(x, y)];
    for (let c = 0; c < 3; c++) largest = Math.max(largest, Math.abs(p[c]! - q[c]!));
  }
  return largest;
}

const pixelOf = (rgba: Uint8ClampedArray) => (x: number, y: number) => Array.from(rgba.subarray((y * OUTPUT.width + x) * 4, (y * OUTPUT.width + x) * 4 + 3));

const CASES = (['kernels, YUV camera', 'tensor chain, RGBA camera'] as const).flatMap((kind) => Object.keys(SETTINGS).map((settings) => [kind, settings] as const));

describe.each(CASES)('Person only / Background only over the camera (%s, %s)', (kind, settingsName) => {
  const settings = SETTINGS[settingsName]!;

  it.each([
    ['person', 'nobody'],
    ['background', 'everybody'],
  ] as const)('%s only with %s in view shows the camera’s own pixels at full resolution, frame after frame', async (region, segmenter) => {
    const frames = await run(kind, region, segmenter, settings);
    for (const [index, { output, camera }] of frames.entries()) {
      expect(largestIn(pixelOf(output), (x, y) => cameraRgb(camera, x, y), 0, OUTPUT.width), `frame ${index}`).toBeLessThanOrEqual(1);
    }
  });

  it.each([
    ['person', 'everybody'],
    ['background', 'nobody'],
  ] as const)('%s only with %s in view is Everything’s picture', async (region, segmenter) => {
    const frames = await run(kind, region, segmenter, settings);
    const everything = await run(kind, 'everything', segmenter, settings);
    for (let index = 0; index < frames.length; index++) {
      expect(largestIn(pixelOf(frames[index]!.output), pixelOf(everything[index]!.output), 0, OUTPUT.width), `frame ${index}`).toBeLessThanOrEqual(1);
    }
    // Guards the comparisons: the style is far from the camera.
    expect(largestIn(pixelOf(everything[0]!.output), (x, y) => cameraRgb(everything[0]!.camera, x, y), 0, OUTPUT.width)).toBeGreaterThan(40);
  });

  it('a person in the left half: stylized on the left as Everything, the camera’s own pixels on the right', async () => {
    const frames = await run(kind, 'person', 'left half', settings);
    const everything = await run(kind, 'everything', 'left half', settings);
    const quarter = Math.floor(OUTPUT.width / 4);
    for (let index = 0; index < frames.length; index++) {
      const { output, camera } = frames[index]!;
      expect(largestIn(pixelOf(output), pixelOf(everything[index]!.output), 0, quarter), `frame ${index}, left`).toBeLessThanOrEqual(2);
      expect(largestIn(pixelOf(output), (x, y) => cameraRgb(camera, x, y), OUTPUT.width - quarter, OUTPUT.width), `frame ${index}, right`).toBeLessThanOrEqual(2);
    }
  });
});

it('tells the regions when the scene is still (Reduce flicker saw no movement), and when it moves', async () => {
  const passes = await SimdOutputPasses.create(kernels);
  const chain = new PixelQualityChain(() => SETTINGS.defaults!, new RegionMask(() => 'person', SEGMENTERS['left half']!, 1, passes.refiner ?? undefined), passes);
  const stillness: boolean[] = [];
  // Three frames of the same picture, then the checkerboard moves by a pixel every frame.
  for (const index of [0, 0, 0, 1, 2]) {
    const { pixels: image, camera } = cameraFrame(index);
    const pixels = chain.importPixels(image);
    const finished = tf.tidy(() => {
      const prepared = chain.prepare(pixels, camera);
      return chain.finish(stylize(prepared.input, index), prepared, OUTPUT);
    });
    pixels.dispose();
    chain.present(finished, OUTPUT);
    stillness.push(chain.sceneStill);
  }
  expect(stillness.slice(1)).toEqual([true, true, false, false]);
  // Without Reduce flicker there is no motion to go by: never still.
  const plain = new PixelQualityChain(() => SETTINGS['no Detail']!, new RegionMask(() => 'person', SEGMENTERS['left half']!, 1, passes.refiner ?? undefined), await SimdOutputPasses.create(kernels));
  for (const index of [0, 0]) {
    const { pixels: image, camera } = cameraFrame(index);
    const pixels = plain.importPixels(image);
    tf.tidy(() => plain.finish(stylize(pixels, index), plain.prepare(pixels, camera), OUTPUT)).dispose();
    pixels.dispose();
  }
  expect(plain.sceneStill).toBe(false);
  chain.dispose();
  plain.dispose();
});
