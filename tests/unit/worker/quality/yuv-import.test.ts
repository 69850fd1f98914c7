import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { SimdOutputPasses } from '../../../../src/worker/quality/kernels/simd-output-passes';
import { PixelQualityChain } from '../../../../src/worker/quality/pixel-quality-chain';
import { QualityChain, type QualitySettings } from '../../../../src/worker/quality/quality-chain';
import { BT601, rgbFromYuv, type YuvMatrix } from '../../../../src/worker/quality/yuv-picture';
import { provideImageData } from '../../../support/image-data';
import { pixelKernelsBytes } from '../../../support/paths';
import { yuvFrame } from '../../../support/yuv-frames';

// CPU-side backends import a webcam's YUV frame straight onto the processing size (scaled and
// converted in one pass) instead of drawing it into a 2D canvas first. The picture must be the
// camera's: the frame made from a known RGB picture comes back as that picture resized bilinearly
// (what the canvas gave), for I420 and NV12, video and full range, BT.601 and BT.709, rows padded
// as cameras pad them; and the kernels give the JS reference's values.

const SOURCE = { width: 64, height: 48 };
/** The app's 640×480 → 340×256 ratio, an odd width included (the kernels have no 4-pixel tail here). */
const TO = { width: 34, height: 26 };
const BT709: YuvMatrix = { red: 0.2126, blue: 0.0722 };
const SETTINGS: QualitySettings = { reduceFlicker: true, keepColours: false, detail: 0 };

/** A smooth colour picture (chroma that 4:2:0 can carry), RGB 0..255. */
function rgbPicture(): Float32Array {
  const { width, height } = SOURCE;
  const rgb = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const u = x / width;
    const v = y / height;
    rgb.set([40 + 180 * u, 200 - 150 * v, 90 + 80 * Math.sin(3 * u + 2 * v)], (y * width + x) * 3);
  }
  return rgb;
}

function meanDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

function largestDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let largest = 0;
  for (let i = 0; i < a.length; i++) largest = Math.max(largest, Math.abs(a[i]! - b[i]!));
  return largest;
}

const CASES = [
  ['I420, video range, BT.601', { interleaved: false, fullRange: false, matrix: BT601 }],
  ['NV12, video range, BT.601', { interleaved: true, fullRange: false, matrix: BT601 }],
  ['I420, full range, BT.709', { interleaved: false, fullRange: true, matrix: BT709 }],
  ['NV12, full range, BT.709', { interleaved: true, fullRange: true, matrix: BT709 }],
] as const;

let kernels: WebAssembly.Module;
let expected: Float32Array;

beforeAll(async () => {
  provideImageData();
  kernels = await WebAssembly.compile(pixelKernelsBytes());
  expect(await tf.setBackend('wasm')).toBe(true);
  // What the canvas path gave: the RGB picture resized bilinearly (half-pixel centres).
  expected = tf.tidy(() => tf.image.resizeBilinear(tf.tensor3d(rgbPicture(), [SOURCE.height, SOURCE.width, 3]), [TO.height, TO.width], false, true).dataSync() as Float32Array);
});

describe.each(CASES)('a %s camera frame', (_name, options) => {
  it('imports as the RGB picture it carries, resized bilinearly to the processing size', () => {
    const picture = yuvFrame(rgbPicture(), SOURCE, { ...options, to: TO });
    const imported = rgbFromYuv(picture);
    expect(imported.length).toBe(TO.width * TO.height * 3);
    // Rounding to 8 bits and 4:2:0 chroma: under a level on average, a few at most.
    expect(meanDifference(imported, expected)).toBeLessThan(1);
    expect(largestDifference(imported, expected)).toBeLessThan(4);
  });

  it('gives the JS reference’s values through the kernels, and the tensor chain’s through its import', async () => {
    const picture = yuvFrame(rgbPicture(), SOURCE, { ...options, to: TO });
    const reference = rgbFromYuv(picture);
    const chain = new PixelQualityChain(() => SETTINGS, null, await SimdOutputPasses.create(kernels));
    const viaKernels = chain.importPixels(picture);
    const viaTensors = new QualityChain(() => SETTINGS).importPixels(picture);
    expect(viaKernels.shape).toEqual([TO.height, TO.width, 3]);
    expect(largestDifference(viaKernels.dataSync(), reference)).toBeLessThan(1e-3);
    expect(Array.from(viaTensors.dataSync())).toEqual(Array.from(reference));
    tf.dispose([viaKernels, viaTensors]);
    chain.dispose();
  });
});

it('reads the colour matrix the frame names: BT.709 read as BT.601 is visibly off', () => {
  const picture = yuvFrame(rgbPicture(), SOURCE, { interleaved: false, fullRange: false, matrix: BT709, to: TO });
  expect(meanDifference(rgbFromYuv({ ...picture, matrix: BT601 }), expected)).toBeGreaterThan(2);
});
