import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFastStyleTransformer } from '../../../../src/worker/model/fast-style-transformer';
import { createOnnxStyleTransformer } from '../../../../src/worker/model/onnx-style-transformer';
import type { AsyncStyleTransformer, TfjsStyleTransformer } from '../../../../src/worker/model/style-transformer';
import { readJpeg, readPng } from '../../../support/images';
import { loadNetworks, type Networks } from '../../../support/networks';
import { projectModelsDir, sharedModelsDir } from '../../../support/paths';
import { ssim } from '../../../support/ssim';
import { serveFolder } from '../../../support/static-server';

// The fast network is the project's own, distilled from the full one (training/). It must imitate
// its teacher on photos the training never saw (the people photos and the reference inputs), for
// every built-in style, and both engines must compute the same network.
const modelsDir = sharedModelsDir();
const catalogue = JSON.parse(readFileSync(resolve(modelsDir, 'styles', 'styles.json'), 'utf8')) as { styles: { id: string; embedding: number[] }[] };
const PEOPLE = ['person_001', 'person_005', 'person_020'];
const REFERENCE_INPUTS = ['chicago__input_384.png', 'golden_gate__input_384.png', 'statue_of_liberty__input_384.png'];
/**
 * Floors a little under what the committed network measured here (mean SSIM 0.795, mean difference
 * 17.1 levels; docs/fast-network.md), so a worse network fails. The goal set for it, SSIM 0.85 and
 * 10 levels, is not reached: the fast network draws the full one's brush texture smoother, and SSIM
 * counts every stroke that is not in the same place.
 */
const MIN_MEAN_SSIM = 0.78;
const MAX_MEAN_ABS_LEVELS = 18.5;
/** No style may be far off even if the average is fine (Starry Night, the busiest texture, measured 0.723). */
const MIN_STYLE_SSIM = 0.7;

let networks: Networks;
let fast: TfjsStyleTransformer;
let fastOnnx: AsyncStyleTransformer;
let server: { url: string; close(): Promise<void> };

/** Test photos at the sizes the app runs: the people squeezed to 256x340 (a 4:3 camera's processing size), the reference inputs as they are (384x384). */
function testPhotos(): { name: string; pixels: tf.Tensor3D }[] {
  const people = PEOPLE.map((name) => {
    const photo = readJpeg(resolve(modelsDir, 'content', 'people', `${name}.jpg`));
    const pixels = tf.tidy(() => tf.image.resizeBilinear(photo.toFloat(), [256, 340]).round().toInt() as tf.Tensor3D);
    photo.dispose();
    return { name, pixels };
  });
  return [...people, ...REFERENCE_INPUTS.map((file) => ({ name: file.split('__')[0]!, pixels: readPng(resolve(modelsDir, 'reference', file)) }))];
}

beforeAll(async () => {
  networks = await loadNetworks();
  server = await serveFolder(projectModelsDir());
  fast = await createFastStyleTransformer({ baseUrl: server.url });
  ort.env.wasm.numThreads = 1;
  fastOnnx = await createOnnxStyleTransformer(ort, readFileSync(resolve(projectModelsDir(), 'fast-transformer', 'fast-transformer.onnx')));
});

afterAll(async () => {
  fast?.dispose();
  fastOnnx?.dispose();
  await server?.close();
  await networks?.dispose();
});

describe('the fast network', () => {
  it('computes the same picture on tfjs and on ONNX Runtime, and leaves no tensor behind', async () => {
    const photo = readJpeg(resolve(modelsDir, 'content', 'people', 'person_001.jpg'));
    const frame = tf.tidy(() => tf.image.resizeBilinear(photo.toFloat(), [256, 340]).round() as tf.Tensor3D);
    const embedding = tf.tensor4d(catalogue.styles[0]!.embedding, [1, 1, 1, 100]);
    fast.stylize(frame, embedding).dispose();
    const before = tf.memory().numTensors;
    const viaTfjs = fast.stylize(frame, embedding);
    expect(tf.memory().numTensors).toBe(before + 1);
    const viaOnnx = await fastOnnx.stylize(frame, embedding);
    expect(viaTfjs.shape).toEqual([256, 340, 3]);
    const maxDifference = tf.tidy(() => viaTfjs.sub(viaOnnx).abs().max().dataSync()[0] ?? 1);
    tf.dispose([photo, frame, embedding, viaTfjs, viaOnnx]);
    expect(maxDifference).toBeLessThanOrEqual(1e-4);
  });

  it('imitates the full network on unseen photos for every built-in style (SSIM and mean difference)', () => {
    const photos = testPhotos();
    const rows: { style: string; ssim: number; meanAbsLevels: number }[] = [];
    for (const style of catalogue.styles) {
      const embedding = tf.tensor4d(style.embedding, [1, 1, 1, 100]);
      let ssimSum = 0;
      let absSum = 0;
      for (const { pixels } of photos) {
        const teacher = networks.transformer.stylize(pixels, embedding);
        const student = fast.stylize(pixels, embedding);
        ssimSum += ssim(teacher, student);
        absSum += tf.tidy(() => teacher.sub(student).abs().mean().mul(255).dataSync()[0] ?? 255);
        tf.dispose([teacher, student]);
      }
      embedding.dispose();
      rows.push({ style: style.id, ssim: ssimSum / photos.length, meanAbsLevels: absSum / photos.length });
    }
    tf.dispose(photos.map((photo) => photo.pixels));
    console.table(rows.map((row) => ({ ...row, ssim: row.ssim.toFixed(3), meanAbsLevels: row.meanAbsLevels.toFixed(2) })));
    const meanSsim = rows.reduce((sum, row) => sum + row.ssim, 0) / rows.length;
    const meanAbs = rows.reduce((sum, row) => sum + row.meanAbsLevels, 0) / rows.length;
    expect(meanSsim).toBeGreaterThanOrEqual(MIN_MEAN_SSIM);
    expect(meanAbs).toBeLessThanOrEqual(MAX_MEAN_ABS_LEVELS);
    for (const row of rows) expect(row.ssim, row.style).toBeGreaterThanOrEqual(MIN_STYLE_SSIM);
  });
});
