import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGraphModelTflite, type GraphNode, type GraphWeights } from '../../../../../src/worker/model/litert/graph-model-tflite';
import type { LiteRtRuntime } from '../../../../../src/worker/backend/litert-runtime';
import { LiteRtStyleTransformer } from '../../../../../src/worker/model/litert/litert-style-transformer';
import { personPhotoAt, readPng } from '../../../../support/images';
import { loadLiteRtInNode } from '../../../../support/litert-node';
import { builtInStyle, loadNetworks, type Networks } from '../../../../support/networks';
import { readGraphModel } from '../../../../support/graph-models';
import { sharedModelsDir } from '../../../../support/paths';

// The worker writes the full network as a TFLite model for each processing size, from the tfjs
// graph it already downloads. It must be the model ../shared/models/tflite/ made with TensorFlow
// (same output), XNNPACK must run it whole, and it must draw what the tfjs graph draws.
interface ReferenceJson {
  suggestedTolerance: { meanAbsPixel: number };
  pairs: { content: string; style: string; input: string; expected: string; styleEmbedding: number[] }[];
}
const reference = JSON.parse(readFileSync(resolve(sharedModelsDir(), 'reference', 'reference.json'), 'utf8')) as ReferenceJson;

let networks: Networks;
let runtime: LiteRtRuntime;
let nodes: GraphNode[];
let weights: GraphWeights;

beforeAll(async () => {
  networks = await loadNetworks();
  const folder = resolve(sharedModelsDir(), 'style-transformer');
  ({ nodes, weights } = readGraphModel(folder));
  runtime = await loadLiteRtInNode();
});

afterAll(async () => {
  await networks?.dispose();
});

async function run(model: Awaited<ReturnType<LiteRtRuntime['api']['loadAndCompile']>>, pixels: Float32Array, embedding: Float32Array): Promise<Float32Array> {
  const { Tensor } = runtime.api;
  const inputs = [new Tensor(pixels, [1, ...model.getInputDetails()[0]!.shape.slice(1)]), new Tensor(embedding, [1, 1, 1, 100])];
  const [output] = await model.run(inputs);
  const result = output!.toTypedArray().slice() as Float32Array;
  for (const tensor of [...inputs, output!]) tensor.delete();
  return result;
}

describe('the full network on LiteRT', () => {
  for (const [height, width] of [
    [256, 340],
    [256, 256],
  ] as const) {
    it(`writes for ${height}×${width} the model TensorFlow made, run whole by XNNPACK, drawing what tfjs draws`, async () => {
      const written = await runtime.api.loadAndCompile(writeGraphModelTflite(nodes, weights, { width, height }), { accelerator: 'wasm' });
      const shared = await runtime.api.loadAndCompile(new Uint8Array(readFileSync(resolve(sharedModelsDir(), 'tflite', `style-transformer_${height}x${width}.tflite`))), { accelerator: 'wasm' });
      // The shared file's first layer joins 9 slices at once, more than XNNPACK takes, so one op of
      // it runs outside XNNPACK; the project's writer joins them in steps.
      expect(written.isFullyAccelerated).toBe(true);
      const frame = personPhotoAt(height, width);
      const style = builtInStyle('udnie');
      // The shared file takes the frame in 0..1; the written one as the app holds it, in 0..255 (content-scale.ts).
      const pixels = tf.tidy(() => frame.div(255).dataSync() as Float32Array);
      const embedding = style.embedding.dataSync() as Float32Array;
      const [ours, theirs] = [await run(written, frame.dataSync() as Float32Array, embedding), await run(shared, pixels, embedding)];
      let maxAgainstShared = 0;
      for (let i = 0; i < ours.length; i++) maxAgainstShared = Math.max(maxAgainstShared, Math.abs(ours[i]! - theirs[i]!));
      console.info(`${height}×${width}: max difference ${maxAgainstShared.toExponential(2)} against the shared file`);
      expect(maxAgainstShared).toBeLessThanOrEqual(1e-5);
      written.delete();
      shared.delete();

      const litert = new LiteRtStyleTransformer(runtime, (size) => writeGraphModelTflite(nodes, weights, size));
      const viaLiteRt = await litert.stylize(frame, style.embedding);
      const viaTfjs = networks.transformer.stylize(frame, style.embedding);
      const maxAgainstTfjs = tf.tidy(() => viaTfjs.sub(viaLiteRt).abs().max().dataSync()[0] ?? 1);
      tf.dispose([frame, style.embedding, viaLiteRt, viaTfjs]);
      litert.dispose();
      console.info(`${height}×${width}: max difference ${maxAgainstTfjs.toExponential(2)} against tfjs`);
      expect(maxAgainstTfjs).toBeLessThanOrEqual(1e-4);
    });
  }

  it('matches the reference pictures at 384×384', async () => {
    const litert = new LiteRtStyleTransformer(runtime, (size) => writeGraphModelTflite(nodes, weights, size));
    for (const pair of reference.pairs) {
      const content = readPng(resolve(sharedModelsDir(), 'reference', pair.input));
      const expected = readPng(resolve(sharedModelsDir(), 'reference', pair.expected));
      const embedding = tf.tensor4d(pair.styleEmbedding, [1, 1, 1, 100]);
      const stylized = await litert.stylize(content, embedding);
      const meanAbs = tf.tidy(() => stylized.sub(expected.toFloat().div(255)).abs().mean().dataSync()[0] ?? 1);
      tf.dispose([content, expected, embedding, stylized]);
      expect(meanAbs, `${pair.content} + ${pair.style}`).toBeLessThanOrEqual(reference.suggestedTolerance.meanAbsPixel);
    }
    litert.dispose();
  });
});
