import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPersonSegmenter, type PersonSegmenter } from '../../../../src/worker/model/person-segmenter';
import { processingSize } from '../../../../src/worker/geometry/frame-sizes';
import { refineMask, RegionMask } from '../../../../src/worker/quality/region-mask';
import { readJpeg, readPng } from '../../../support/images';
import { sharedModelsDir } from '../../../support/paths';
import { serveFolder } from '../../../support/static-server';

// The person segmenter as the app runs it (tfjs graph model, the frame at its processing size)
// against MediaPipe's own masks of the same pictures (../shared/models/segmentation/reference,
// made with MediaPipe's runtime). Agreement is the IoU of mask > 0.5.
const referenceDir = resolve(sharedModelsDir(), 'segmentation', 'reference');
const reference = JSON.parse(readFileSync(resolve(referenceDir, 'reference.json'), 'utf8')) as { pairs: { input: string; expected_mask: string }[] };
const MIN_IOU = 0.98;

let segmenter: PersonSegmenter;
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  await tf.setBackend('wasm');
  server = await serveFolder(sharedModelsDir());
  segmenter = await createPersonSegmenter(server.url);
});

afterAll(async () => {
  segmenter?.dispose();
  await server?.close();
});

/** IoU of (a > 0.5) and (b > 0.5), both [h,w,1]. */
function iou(a: tf.Tensor3D, b: tf.Tensor3D): number {
  return tf.tidy(() => {
    const x = a.greater(0.5);
    const y = b.greater(0.5);
    const both = tf.logicalAnd(x, y).sum().dataSync()[0]!;
    const either = tf.logicalOr(x, y).sum().dataSync()[0]!;
    return either === 0 ? 1 : both / either;
  });
}

/** MediaPipe's mask as [h,w,1] 0..1. */
function expectedMask(file: string): tf.Tensor3D {
  const rgb = readPng(resolve(referenceDir, file));
  const mask = tf.tidy(() => rgb.slice([0, 0, 0], [-1, -1, 1]).toFloat().div(255) as tf.Tensor3D);
  rgb.dispose();
  return mask;
}

/** The frame as the app hands it to the segmenter: squeezed to its processing size (256 px short side). */
function atProcessingSize(pixels: tf.Tensor3D): tf.Tensor3D {
  const [height, width] = pixels.shape;
  const size = processingSize(width, height, 256);
  return tf.image.resizeBilinear(pixels.toFloat(), [size.height, size.width], false, true).round() as tf.Tensor3D;
}

describe('the person segmenter', () => {
  for (const pair of reference.pairs) {
    it(`matches MediaPipe's own mask on ${pair.input} (IoU at 0.5 ≥ ${MIN_IOU})`, () => {
      const input = readPng(resolve(referenceDir, pair.input));
      const expected = expectedMask(pair.expected_mask);
      const [height, width] = expected.shape;
      const before = tf.memory().numTensors;
      const measured = tf.tidy(() => {
        const frame = atProcessingSize(input);
        const mask = segmenter.segment(frame);
        const raw = tf.image.resizeBilinear(mask, [height, width], false, true) as tf.Tensor3D;
        // The app's refined mask too: the guided filter must not move the outline.
        const refined = tf.image.resizeBilinear(refineMask(mask, frame), [height, width], false, true) as tf.Tensor3D;
        return { raw: iou(raw, expected), refined: iou(refined, expected) };
      });
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([input, expected]);
      console.log(`${pair.input}: IoU ${measured.raw.toFixed(4)} (network), ${measured.refined.toFixed(4)} (refined)`);
      expect(measured.raw).toBeGreaterThanOrEqual(MIN_IOU);
      expect(measured.refined).toBeGreaterThanOrEqual(MIN_IOU);
    });
  }

  it('finds no person in a frame without one, and keeps nothing but its one steadied mask', () => {
    // A flat grey wall with camera noise: the whole frame is background.
    const regions = new RegionMask(() => 'person', (pixels) => segmenter.segment(pixels));
    const personShare: number[] = [];
    for (let frame = 0; frame < 4; frame++) {
      const share = tf.tidy(() => {
        const wall = tf.randomNormal([256, 340, 3], 128, 6, 'float32', frame).clipByValue(0, 255) as tf.Tensor3D;
        return regions.weights(wall)!.mean().dataSync()[0]!;
      });
      personShare.push(share);
    }
    expect(regions.keptTensors).toBe(1);
    regions.dispose();
    expect(regions.keptTensors).toBe(0);
    expect(Math.max(...personShare)).toBeLessThan(0.01);
  });

  it('finds every person when several are in view', () => {
    // Two of the people photos side by side, as a 4:3 frame of two people at a desk.
    const halves = ['person_001', 'person_020'].map((name) => {
      const photo = readJpeg(resolve(sharedModelsDir(), 'content', 'people', `${name}.jpg`));
      const half = tf.tidy(() => tf.image.resizeBilinear(photo.toFloat(), [480, 320], false, true));
      photo.dispose();
      return half;
    });
    const shares = tf.tidy(() => {
      const frame = tf.concat(halves, 1) as tf.Tensor3D;
      const person = refineMask(segmenter.segment(atProcessingSize(frame)), atProcessingSize(frame));
      const [height, width] = person.shape;
      const half = Math.floor(width / 2);
      const share = (from: number) => person.slice([0, from, 0], [height, half, 1]).mean().dataSync()[0]!;
      // Each face's middle (the photos centre their subject a little above the middle).
      const face = (x: number) => person.slice([Math.round(height * 0.4), Math.round(x), 0], [1, 1, 1]).dataSync()[0]!;
      return { left: share(0), right: share(half), leftFace: face(width * 0.25), rightFace: face(width * 0.75) };
    });
    tf.dispose(halves);
    console.log('two people:', shares);
    expect(shares.left).toBeGreaterThan(0.25);
    expect(shares.right).toBeGreaterThan(0.25);
    expect(shares.leftFace).toBeGreaterThan(0.9);
    expect(shares.rightFace).toBeGreaterThan(0.9);
  });
});
