import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnnxStyleTransformer } from '../../../../src/worker/model/onnx-style-transformer';
import type { AsyncStyleTransformer } from '../../../../src/worker/model/style-transformer';
import { readPng } from '../../../support/images';
import { loadNetworks, type Networks } from '../../../support/networks';
import { sharedModelsDir } from '../../../support/paths';

// Both engines on the same real network and the same inputs: the app may run either, so the
// picture must not depend on which one the measurement picked.
const modelsDir = sharedModelsDir();

interface ReferenceJson {
  suggestedTolerance: { perChannelMeanAbs: number; meanAbsPixel: number };
  pairs: { content: string; style: string; input: string; expected: string; styleEmbedding: number[] }[];
}
const reference = JSON.parse(readFileSync(resolve(modelsDir, 'reference', 'reference.json'), 'utf8')) as ReferenceJson;

let networks: Networks;
let onnx: AsyncStyleTransformer;

beforeAll(async () => {
  networks = await loadNetworks();
  ort.env.wasm.numThreads = 1;
  onnx = await createOnnxStyleTransformer(ort, readFileSync(resolve(modelsDir, 'onnx', 'style-transformer.onnx')));
});

afterAll(async () => {
  onnx?.dispose();
  await networks?.dispose();
});

describe('ONNX Runtime engine', () => {
  it.each(reference.pairs.map((pair) => [`${pair.content} + ${pair.style}`, pair] as const))(
    'matches the reference output and the tfjs engine for %s',
    async (_name, pair) => {
      const content = readPng(resolve(modelsDir, 'reference', pair.input));
      const expected = readPng(resolve(modelsDir, 'reference', pair.expected));
      const embedding = tf.tensor4d(pair.styleEmbedding, [1, 1, 1, 100]);
      const viaOnnx = await onnx.stylize(content, embedding);
      const viaTfjs = networks.transformer.stylize(content, embedding);
      expect(viaOnnx.shape).toEqual(content.shape);
      const [meanAbs, maxBetweenEngines] = tf.tidy(() => [
        viaOnnx.sub(expected.toFloat().div(255)).abs().mean().dataSync()[0] ?? 1,
        viaOnnx.sub(viaTfjs).abs().max().dataSync()[0] ?? 1,
      ]);
      tf.dispose([content, expected, embedding, viaOnnx, viaTfjs]);
      expect(meanAbs).toBeLessThanOrEqual(reference.suggestedTolerance.meanAbsPixel);
      expect(maxBetweenEngines).toBeLessThanOrEqual(1e-4);
    },
  );

  it('keeps odd frame sizes and leaves no tfjs tensor behind', async () => {
    const frame = tf.randomUniform([30, 42, 3], 0, 255, 'int32') as tf.Tensor3D;
    const embedding = tf.tensor4d(reference.pairs[0]!.styleEmbedding, [1, 1, 1, 100]);
    (await onnx.stylize(frame, embedding)).dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      const out = await onnx.stylize(frame, embedding);
      expect(out.shape).toEqual([30, 42, 3]);
      out.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([frame, embedding]);
  });
});
