import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiteRtRuntime } from '../../../../../src/worker/backend/litert-runtime';
import { writeSegmenterTflite, type GraphNode, type GraphWeights } from '../../../../../src/worker/model/litert/graph-model-tflite';
import { createLiteRtPersonSegmenter, segmenterInputPixels } from '../../../../../src/worker/model/litert/litert-person-segmenter';
import { createPersonSegmenter, SEGMENTER_INPUT, segmenterUrl, type PersonSegmenter } from '../../../../../src/worker/model/person-segmenter';
import { readPng } from '../../../../support/images';
import { loadLiteRtInNode } from '../../../../support/litert-node';
import { readGraphModel } from '../../../../support/graph-models';
import { sharedModelsDir } from '../../../../support/paths';
import { serveFolder } from '../../../../support/static-server';

// The worker writes MediaPipe's selfie segmentation as a TFLite model from the tfjs graph it
// downloads (where the transformer runs on LiteRT). XNNPACK must run it whole, and it must give the
// tfjs graph's mask (which person-segmenter.test.ts holds to MediaPipe's own).
const folder = resolve(sharedModelsDir(), 'segmentation', 'tfjs_landscape');
const referenceDir = resolve(sharedModelsDir(), 'segmentation', 'reference');

let runtime: LiteRtRuntime;
let nodes: GraphNode[];
let weights: GraphWeights;
let tfjsSegmenter: PersonSegmenter;
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  await tf.setBackend('wasm');
  ({ nodes, weights } = readGraphModel(folder));
  runtime = await loadLiteRtInNode();
  server = await serveFolder(sharedModelsDir());
  tfjsSegmenter = await createPersonSegmenter(server.url);
});

afterAll(async () => {
  tfjsSegmenter?.dispose();
  await server?.close();
});

describe('the person segmenter on LiteRT', () => {
  it('is written whole for XNNPACK', async () => {
    const model = await runtime.api.loadAndCompile(writeSegmenterTflite(nodes, weights, SEGMENTER_INPUT), { accelerator: 'wasm' });
    expect(model.isFullyAccelerated).toBe(true);
    model.delete();
  });

  it('prepares its input from the frame as tfjs’s half-pixel bilinear resize does', () => {
    for (const [height, width] of [[160, 212], [256, 340], [480, 640]] as const) {
      const pixels = tf.randomUniform([height, width, 3], 0, 256, 'int32', height) as tf.Tensor3D;
      const viaTfjs = tf.tidy(() => tf.image.resizeBilinear(pixels.toFloat(), [SEGMENTER_INPUT.height, SEGMENTER_INPUT.width], false, true).div(255).dataSync());
      const ours = segmenterInputPixels(pixels);
      let max = 0;
      for (let i = 0; i < ours.length; i++) max = Math.max(max, Math.abs(ours[i]! - viaTfjs[i]!));
      expect(ours.length).toBe(viaTfjs.length);
      // float32 rounding only: 1e-4 is 0.03 levels of 255.
      expect(max, `${width}×${height}`).toBeLessThanOrEqual(1e-4);
      pixels.dispose();
    }
  });

  it('gives the tfjs graph’s mask, computed ahead and handed over once, without leaking', async () => {
    const segmenter = await createLiteRtPersonSegmenter(runtime, segmenterUrl(server.url));
    const before = tf.memory().numTensors;
    expect(segmenter.segment()).toBeNull();
    for (const file of ['person_001__input_256x144.png', 'person_020__input_256x144.png', 'fake-camera-person_f24__input_640x480.png']) {
      const picture = readPng(resolve(referenceDir, file));
      await segmenter.segmentAhead(picture);
      const viaLiteRt = tf.tidy(() => segmenter.segment()!);
      expect(segmenter.segment()).toBeNull();
      const viaTfjs = tf.tidy(() => tfjsSegmenter.segment(picture));
      const maxDifference = tf.tidy(() => viaTfjs.sub(viaLiteRt).abs().max().dataSync()[0]!);
      console.info(`${file}: max difference ${maxDifference.toExponential(2)} against tfjs`);
      expect(viaLiteRt.shape).toEqual([SEGMENTER_INPUT.height, SEGMENTER_INPUT.width, 1]);
      expect(maxDifference).toBeLessThanOrEqual(1e-4);
      tf.dispose([picture, viaLiteRt, viaTfjs]);
    }
    // A mask made ahead and never taken is freed with the segmenter.
    const frame = tf.zeros([144, 256, 3]) as tf.Tensor3D;
    await segmenter.segmentAhead(frame);
    frame.dispose();
    segmenter.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
