import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelLoadError } from '../../../../src/worker/model/model-loading';
import { createStylePredictor } from '../../../../src/worker/model/style-predictor';
import { createStyleTransformer } from '../../../../src/worker/model/style-transformer';
import { cosine, readJpeg, readPng } from '../../../support/images';
import { loadNetworks, type Networks } from '../../../support/networks';
import { sharedModelsDir } from '../../../support/paths';

// Real networks, real tfjs, on the WASM backend (the same kernels the app uses without a GPU).
const modelsDir = sharedModelsDir();

interface CatalogueJson {
  styles: { id: string; file: string; embedding: number[] }[];
}
interface ReferenceJson {
  suggestedTolerance: { perChannelMeanAbs: number; meanAbsPixel: number; embeddingCosineMin: number };
  pairs: { content: string; style: string; input: string; expected: string; channelMean: number[]; styleEmbedding: number[] }[];
}

const catalogue = JSON.parse(readFileSync(resolve(modelsDir, 'styles', 'styles.json'), 'utf8')) as CatalogueJson;
const reference = JSON.parse(readFileSync(resolve(modelsDir, 'reference', 'reference.json'), 'utf8')) as ReferenceJson;

let networks: Networks;

beforeAll(async () => {
  networks = await loadNetworks();
  expect(tf.getBackend()).toBe('wasm');
});

afterAll(async () => {
  await networks?.dispose();
});

describe('style predictor', () => {
  it.each(catalogue.styles.map((style) => [style.id, style] as const))('reproduces the shipped embedding of %s', async (_id, style) => {
    const image = readJpeg(resolve(modelsDir, 'styles', style.file));
    const embedding = networks.predictor.predict(image);
    image.dispose();
    expect(embedding.shape).toEqual([1, 1, 1, 100]);
    const values = await embedding.data();
    embedding.dispose();
    expect(cosine(values, style.embedding)).toBeGreaterThanOrEqual(reference.suggestedTolerance.embeddingCosineMin);
  });
});

describe('style transformer', () => {
  it.each(reference.pairs.map((pair) => [`${pair.content} + ${pair.style}`, pair] as const))('matches the reference output for %s', async (_name, pair) => {
    const content = readPng(resolve(modelsDir, 'reference', pair.input));
    const expected = readPng(resolve(modelsDir, 'reference', pair.expected));
    const embedding = tf.tensor4d(pair.styleEmbedding, [1, 1, 1, 100]);
    const stylized = networks.transformer.stylize(content, embedding);
    expect(stylized.shape).toEqual(content.shape);
    const [meanAbs, channelMeans] = tf.tidy(() => {
      const diff = stylized.sub(expected.toFloat().div(255)).abs().mean();
      return [diff.dataSync()[0] ?? 1, Array.from(stylized.mean([0, 1]).dataSync())] as const;
    });
    tf.dispose([content, expected, embedding, stylized]);
    expect(meanAbs).toBeLessThanOrEqual(reference.suggestedTolerance.meanAbsPixel);
    channelMeans.forEach((mean: number, channel: number) => expect(Math.abs(mean - (pair.channelMean[channel] ?? -1))).toBeLessThanOrEqual(reference.suggestedTolerance.perChannelMeanAbs));
  });

  it('keeps odd frame sizes and stylizes them (not a copy of the input)', () => {
    const style = catalogue.styles[0]!;
    tf.tidy(() => {
      const content = tf.randomUniform([30, 42, 3], 0, 255, 'int32') as tf.Tensor3D;
      const out = networks.transformer.stylize(content, tf.tensor4d(style.embedding, [1, 1, 1, 100]));
      expect(out.shape).toEqual([30, 42, 3]);
      const difference = out.sub(content.toFloat().div(255)).abs().mean().dataSync()[0] ?? 0;
      expect(difference).toBeGreaterThan(0.05);
    });
  });
});

describe('memory', () => {
  it('leaks no tensor over 20 frames and a style prediction', () => {
    const embedding = tf.tensor4d(catalogue.styles[1]!.embedding, [1, 1, 1, 100]);
    const frame = tf.randomUniform([64, 84, 3], 0, 255, 'int32') as tf.Tensor3D;
    // The first run may create lasting helper tensors (none expected, but they are not leaks).
    networks.transformer.stylize(frame, embedding).dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) networks.transformer.stylize(frame, embedding).dispose();
    networks.predictor.predict(frame).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([embedding, frame]);
  });
});

describe('loading', () => {
  it('names the network and URL that failed', async () => {
    for (const create of [createStylePredictor, createStyleTransformer]) {
      const attempt = create({ baseUrl: `${networks.url}missing/` });
      await expect(attempt).rejects.toBeInstanceOf(ModelLoadError);
      await expect(attempt).rejects.toThrow(/style-(predictor|transformer).*missing/);
    }
  });

  it('reports download progress up to 1', async () => {
    const seen: number[] = [];
    const second = await createStylePredictor({ baseUrl: networks.url, onProgress: (f: number) => seen.push(f) });
    second.dispose();
    expect(seen.length).toBeGreaterThan(1);
    expect(Math.max(...seen)).toBeCloseTo(1, 5);
    expect(seen.every((value, i) => i === 0 || value >= (seen[i - 1] ?? 0) - 1e-9)).toBe(true);
  });
});
