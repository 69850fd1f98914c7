import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StyleEmbeddingState } from '../../../../src/worker/style/style-embedding-state';
import { readPng } from '../../../support/images';
import { loadNetworks, type Networks } from '../../../support/networks';
import { sharedModelsDir } from '../../../support/paths';

const modelsDir = sharedModelsDir();
const catalogue = JSON.parse(readFileSync(resolve(modelsDir, 'styles', 'styles.json'), 'utf8')) as { styles: { id: string; embedding: number[] }[] };
const embeddingOf = (index: number) => tf.tensor4d(catalogue.styles[index]!.embedding, [1, 1, 1, 100]);

let networks: Networks;
let content: tf.Tensor3D;

beforeAll(async () => {
  networks = await loadNetworks();
  content = readPng(resolve(modelsDir, 'reference', 'golden_gate__input_384.png'));
});

afterAll(async () => {
  content?.dispose();
  await networks?.dispose();
});

/** Mean absolute difference, 0..1 scale, between the stylized frame and the camera frame. */
function distanceFromContent(stylized: tf.Tensor3D): number {
  return tf.tidy(() => stylized.sub(content.toFloat().div(255)).abs().mean().dataSync()[0] ?? 1);
}

describe('style strength', () => {
  it('at 0% gives the unstylized reconstruction, at 100% the full style, and in between lies between', () => {
    const state = new StyleEmbeddingState();
    state.setTarget(embeddingOf(6), true, 0, 0);
    state.setContent(networks.predictor.predict(content));
    const distances = [0, 0.5, 1].map((strength) => {
      state.setStrength(strength);
      return tf.tidy(() => distanceFromContent(networks.transformer.stylize(content, state.embeddingAt(0))));
    });
    const [none, half, full] = distances as [number, number, number];
    // The network cannot rebuild the frame exactly, but its own embedding keeps it close.
    expect(none).toBeLessThan(0.15);
    expect(full).toBeGreaterThan(none * 1.5);
    expect(half).toBeGreaterThan(none);
    expect(half).toBeLessThan(full);
    state.dispose();
  });

  it('at 0% uses exactly the content embedding', () => {
    const state = new StyleEmbeddingState();
    const contentEmbedding = networks.predictor.predict(content);
    const expected = contentEmbedding.dataSync().slice();
    state.setTarget(embeddingOf(0), true, 0, 0);
    state.setContent(contentEmbedding);
    state.setStrength(0);
    const used = tf.tidy(() => state.embeddingAt(0).dataSync().slice());
    expect(Array.from(used)).toEqual(Array.from(expected));
    state.dispose();
  });
});

describe('crossfade', () => {
  it('starts at the old style, ends at the new one, and passes through both on the way', () => {
    const state = new StyleEmbeddingState();
    const [a, b] = [catalogue.styles[0]!.embedding, catalogue.styles[1]!.embedding];
    state.setTarget(embeddingOf(0), true, 0, 0);
    state.setTarget(embeddingOf(1), true, 1000, 300);
    const at = (now: number) => tf.tidy(() => Array.from(state.embeddingAt(now).dataSync()));
    at(1000).forEach((value, i) => expect(value).toBeCloseTo(a[i]!, 5));
    at(1150).forEach((value, i) => expect(value).toBeCloseTo((a[i]! + b[i]!) / 2, 4));
    at(1300).forEach((value, i) => expect(value).toBeCloseTo(b[i]!, 5));
    state.dispose();
  });

  it('leaks no tensor over switches, fades, strength changes and frames', () => {
    const before = tf.memory().numTensors;
    const state = new StyleEmbeddingState();
    const cached = embeddingOf(2);
    state.setTarget(cached, false, 0, 0);
    state.setContent(networks.predictor.predict(content));
    state.setStrength(0.6);
    for (let frame = 0; frame < 20; frame++) {
      const now = frame * 50;
      // A switch every few frames, some to one-off mixes, some back to the cached style mid-fade.
      if (frame % 4 === 1) state.setTarget(embeddingOf(frame % 7), true, now, 300);
      if (frame % 4 === 3) state.setTarget(cached, false, now, 300);
      tf.tidy(() => networks.transformer.stylize(tf.zeros([16, 20, 3]), state.embeddingAt(now)).dispose());
    }
    state.dispose();
    cached.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
