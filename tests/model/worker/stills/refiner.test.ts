import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGraph } from '../../../../src/worker/model/model-loading';
import { registerWasmGradientKernels } from '../../../../src/worker/stills/refine/gradient-kernels';
import { LOSS_LAYER_NAMES, LossNetwork } from '../../../../src/worker/stills/refine/loss-network';
import { Refiner, type RefineLosses } from '../../../../src/worker/stills/refine/refiner';
import { pictureTensor } from '../../../support/images';
import { builtInStyle, loadNetworks, type Networks } from '../../../support/networks';

// The style predictor as a differentiable loss network on tfjs-wasm, optimising a real photo.
let networks: Networks;
let lossNetwork: LossNetwork;
let transformer: tf.GraphModel;
let embedding: tf.Tensor4D;


beforeAll(async () => {
  networks = await loadNetworks();
  // The CPU backend lends its depthwise gradient kernel to WebAssembly.
  tf.findBackend('cpu');
  registerWasmGradientKernels();
  lossNetwork = await LossNetwork.load(networks.url);
  transformer = await loadGraph('style-transformer', { baseUrl: networks.url });
  embedding = builtInStyle('starry_night').embedding;
});

afterAll(async () => {
  embedding?.dispose();
  transformer?.dispose();
  lossNetwork?.dispose();
  await networks?.dispose();
});

describe('Refiner', () => {
  it('lowers the total loss at least 3× in 15 steps from the fast result, and brings its embedding closer to the style’s', async () => {
    const size = 128;
    const before = tf.memory().numTensors;
    const content = pictureTensor('content/people/person_001.jpg', size);
    const stylePicture = pictureTensor('styles/starry_night.jpg', 256);
    const fast = transformer.execute({ content, style_embedding: embedding }, 'stylized') as tf.Tensor4D;
    const refiner = new Refiner(lossNetwork, { content, stylePicture, styleEmbedding: embedding }, fast, { content: 1, style: 100, variation: 0.1, layers: LOSS_LAYER_NAMES });
    const fastLosses = await refiner.measure(fast);
    const curve: RefineLosses[] = [];
    const started = performance.now();
    for (let i = 0; i < 15; i++) curve.push(await refiner.step());
    const msPerStep = (performance.now() - started) / 15;
    const refined = refiner.current();
    const refinedLosses = await refiner.measure(refined);
    console.log(`128 px: ${msPerStep.toFixed(0)} ms a step; total ${fastLosses.total.toFixed(1)} → ${refinedLosses.total.toFixed(1)}; embedding distance ${fastLosses.embedding.toFixed(3)} → ${refinedLosses.embedding.toFixed(3)}; content ${fastLosses.content.toFixed(2)} → ${refinedLosses.content.toFixed(2)}`);
    expect(refinedLosses.total).toBeLessThan(fastLosses.total / 3);
    expect(refinedLosses.embedding).toBeLessThan(fastLosses.embedding);
    // The curve goes down overall (Adam may wobble from step to step).
    expect(curve.at(-1)!.total).toBeLessThan(curve[0]!.total / 3);
    refiner.dispose();
    tf.dispose([content, stylePicture, fast, refined]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('works without a style picture, on the embedding alone', async () => {
    const before = tf.memory().numTensors;
    const content = pictureTensor('content/people/person_001.jpg', 96);
    const refiner = new Refiner(lossNetwork, { content, stylePicture: null, styleEmbedding: embedding }, content, { content: 1, style: 100, variation: 0.1, layers: ['mid'] });
    const first = await refiner.step();
    let last = first;
    for (let i = 0; i < 9; i++) last = await refiner.step();
    expect(last.embedding).toBeLessThan(first.embedding / 2);
    refiner.dispose();
    content.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
