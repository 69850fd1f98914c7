import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LumaPlane } from '../../../../src/worker/quality/camera-luma';
import { SimdOutputPasses } from '../../../../src/worker/quality/kernels/simd-output-passes';
import { ScalarOutputPasses, type OutputPasses } from '../../../../src/worker/quality/output-passes';
import { PixelQualityChain } from '../../../../src/worker/quality/pixel-quality-chain';
import { QualityChain, type QualitySettings } from '../../../../src/worker/quality/quality-chain';
import { RegionMask } from '../../../../src/worker/quality/region-mask';
import { provideImageData } from '../../../support/image-data';
import { pixelKernelsBytes } from '../../../support/paths';

// On CPU-side backends the output-size stages run as loops over pixels (PixelQualityChain); they
// must give the picture the tensor chain gives, frame after frame (the camera guide is kept
// between frames), on the backends that use them, with either implementation of those stages:
// the JS loops and the WebAssembly SIMD kernels. The output is 42 wide, so the SIMD loops' scalar
// tails (not a multiple of four pixels) are covered too.

const PROCESSING = { width: 17, height: 13 };
const OUTPUT = { width: 42, height: 30 };

let kernels: WebAssembly.Module;
const PASSES: Record<string, () => Promise<OutputPasses>> = {
  'JS loops': async () => new ScalarOutputPasses(),
  'WebAssembly SIMD': () => SimdOutputPasses.create(kernels),
};

/** A deterministic pseudo-random generator. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * A bright square on a textured background, still for three frames and then moved right, plus
 * noise of `noise` levels (the camera copy gets far more than the network's input, so that how the
 * guide is averaged shows in the output).
 */
function frame(index: number, width: number, height: number, noise: number): (x: number, y: number) => number {
  const next = random(index + 1);
  const offset = index >= 3 ? 4 : 0;
  return (x, y) => {
    const u = x / width;
    const v = y / height;
    const square = u > 0.2 + offset / width && u < 0.5 + offset / width && v > 0.3 && v < 0.7;
    return (square ? 180 : 60 + 80 * u + 40 * v) + (next() - 0.5) * noise;
  };
}

/** The frame at the processing size as the frame source hands it over (RGBA bytes). */
function processingPixels(index: number): ImageData {
  const at = frame(index, PROCESSING.width, PROCESSING.height, 2);
  const image = new ImageData(PROCESSING.width, PROCESSING.height);
  for (let y = 0; y < PROCESSING.height; y++) for (let x = 0; x < PROCESSING.width; x++) {
    const level = at(x, y);
    image.data.set([level, level * 0.8, 255 - level, 255], (y * PROCESSING.width + x) * 4);
  }
  return image;
}

/** The camera at the output size: a video-range Y plane, or RGBA pixels (screen capture). */
function camera(index: number, kind: 'luma' | 'rgba'): LumaPlane | ImageData {
  const at = frame(index, OUTPUT.width, OUTPUT.height, 60);
  const count = OUTPUT.width * OUTPUT.height;
  if (kind === 'luma') {
    const data = new Uint8Array(count);
    for (let i = 0; i < count; i++) data[i] = Math.min(235, Math.max(16, Math.round(at(i % OUTPUT.width, Math.floor(i / OUTPUT.width)))));
    return { data, width: OUTPUT.width, height: OUTPUT.height, fullRange: false };
  }
  const image = new ImageData(OUTPUT.width, OUTPUT.height);
  for (let i = 0; i < count; i++) {
    const level = at(i % OUTPUT.width, Math.floor(i / OUTPUT.width));
    image.data.set([level, level * 0.9, 255 - level, 255], i * 4);
  }
  return image;
}

/**
 * A stand-in network: something unlike its input, 0..1, with strokes redrawn differently every
 * frame (±0.1 of noise, seeded by the frame), so that how the output is blended over time shows.
 */
function stylize(input: tf.Tensor3D, index: number): tf.Tensor3D {
  const next = random(1000 + index);
  const strokes = Float32Array.from({ length: input.size }, () => (next() - 0.5) * 0.2);
  return tf.tidy(() => input.div(255).reverse(2).mul(0.7).add(0.1).add(tf.tensor3d(strokes, input.shape)));
}

/** 8-bit RGBA of a finished [H,W,3] tensor, as the 2D canvas sink writes it. */
async function toRgba(image: tf.Tensor3D): Promise<Uint8ClampedArray> {
  const values = (await image.data()) as Float32Array;
  image.dispose();
  const rgba = new Uint8ClampedArray((values.length / 3) * 4);
  for (let src = 0, dst = 0; src < values.length; src += 3, dst += 4) {
    rgba.set([values[src]! * 255, values[src + 1]! * 255, values[src + 2]! * 255, 255], dst);
  }
  return rgba;
}

async function runFrames(chain: QualityChain, cameraKind: 'luma' | 'rgba', frames: number): Promise<Uint8ClampedArray[]> {
  const outputs: Uint8ClampedArray[] = [];
  for (let index = 0; index < frames; index++) {
    // A new style at frame 4: its first output must not be blended with the old style's.
    if (index === 4) chain.styleChanged();
    // Imported as the pipeline imports it (the kernels' import on the SIMD chain, fromPixels otherwise).
    const pixels = chain.importPixels(processingPixels(index));
    const cameraImage = chain.needsCamera() ? camera(index, cameraKind) : null;
    const finished = tf.tidy(() => {
      const prepared = chain.prepare(pixels, cameraImage);
      return chain.finish(stylize(prepared.input, index), prepared, OUTPUT);
    });
    pixels.dispose();
    const presented = chain.present(finished, OUTPUT);
    outputs.push(presented instanceof tf.Tensor ? await toRgba(presented) : presented.data.slice());
  }
  chain.dispose();
  return outputs;
}

const SETTINGS: Record<string, QualitySettings> = {
  default: { reduceFlicker: true, keepColours: false, detail: 0.6 },
  plain: { reduceFlicker: false, keepColours: false, detail: 0 },
  'detail only': { reduceFlicker: false, keepColours: false, detail: 1 },
  everything: { reduceFlicker: true, keepColours: true, detail: 0.6 },
};

function largestDifference(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  let largest = 0;
  for (let i = 0; i < a.length; i++) largest = Math.max(largest, Math.abs(a[i]! - b[i]!));
  return largest;
}

beforeAll(async () => {
  provideImageData();
  kernels = await WebAssembly.compile(pixelKernelsBytes());
});

describe.each(['cpu', 'wasm'].flatMap((backend) => Object.keys(PASSES).map((passes) => [backend, passes] as const)))('PixelQualityChain on %s with %s', (backend, passesName) => {
  const chain = async (settings: () => QualitySettings) => new PixelQualityChain(settings, null, await PASSES[passesName]!());

  beforeAll(async () => {
    expect(await tf.setBackend(backend)).toBe(true);
  });

  it.each(Object.keys(SETTINGS))('gives the tensor chain’s picture within one level, frame after frame (%s)', async (name) => {
    const settings = () => SETTINGS[name]!;
    for (const cameraKind of ['luma', 'rgba'] as const) {
      const tensors = await runFrames(new QualityChain(settings), cameraKind, 6);
      const before = tf.memory().numTensors;
      const pixels = await runFrames(await chain(settings), cameraKind, 6);
      expect(tf.memory().numTensors).toBe(before);
      expect(pixels[0]!.length).toBe(OUTPUT.width * OUTPUT.height * 4);
      for (let index = 0; index < tensors.length; index++) expect(largestDifference(pixels[index]!, tensors[index]!), `frame ${index}, ${cameraKind}`).toBeLessThanOrEqual(1);
    }
  });

  it.each(['person', 'background'] as const)('gives the tensor chain’s picture within one level with %s only, each with its own mask refiner', async (region) => {
    // A stand-in segmenter: a soft-edged block on its own coarse grid (the square's columns).
    const segment = () => tf.tidy(() => {
      const column = tf.range(0, 12).reshape([1, 12, 1]).cast('float32');
      return column.sub(3).sigmoid().mul(column.sub(7).neg().sigmoid()).tile([8, 1, 1]) as tf.Tensor3D;
    });
    const settings = () => SETTINGS.everything!;
    const tensors = await runFrames(new QualityChain(settings, new RegionMask(() => region, segment)), 'luma', 6);
    const passes = await PASSES[passesName]!();
    const pixels = await runFrames(new PixelQualityChain(settings, new RegionMask(() => region, segment, 1, passes.refiner ?? undefined), passes), 'luma', 6);
    for (let index = 0; index < tensors.length; index++) expect(largestDifference(pixels[index]!, tensors[index]!), `frame ${index}`).toBeLessThanOrEqual(1);
    // Guards the comparison: the camera shows through where the style is not (unlike Everything).
    const everything = await runFrames(new QualityChain(settings), 'luma', 1);
    expect(largestDifference(tensors[0]!, everything[0]!)).toBeGreaterThan(20);
  });

  it('imports a frame’s pixels as tf.browser.fromPixels does (RGB 0..255)', async () => {
    const image = camera(1, 'rgba') as ImageData;
    const pixels = await chain(() => SETTINGS.default!);
    const imported = pixels.importPixels(image);
    const expected = tf.browser.fromPixels(image);
    expect(imported.shape).toEqual(expected.shape);
    expect(Array.from(imported.dataSync())).toEqual(Array.from(expected.dataSync()));
    tf.dispose([imported, expected]);
    pixels.dispose();
  });

  it('steadies the camera guide: with Reduce flicker a still frame’s output differs from the same frame without it', async () => {
    // Guards the comparison above: the guide's history changes the picture, so a chain that
    // dropped it would not match the tensor chain.
    const steady = await runFrames(await chain(() => SETTINGS.default!), 'luma', 3);
    const unsteady = await runFrames(await chain(() => ({ ...SETTINGS.default!, reduceFlicker: false })), 'luma', 3);
    expect(largestDifference(steady[0]!, unsteady[0]!)).toBe(0);
    expect(largestDifference(steady[2]!, unsteady[2]!)).toBeGreaterThan(2);
  });
});
