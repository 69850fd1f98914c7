/**
 * npm run bench:regions: Person only / Background only on tfjs-wasm in Node, with the app's own
 * stages (the fast network, the person segmenter, RegionMask, composeRegions):
 *  - pictures of each mode on the three person photos (camera | Everything | Person only |
 *    Background only), written to docs/person-regions/<photo>.jpg;
 *  - edge stability: a still person with fresh camera noise in every frame (σ 4 levels), the mean
 *    frame-to-frame change of the mask the app composes with, against the network's raw mask
 *    brought to the same size (what it would be without steadying and refining), in 0..1 per pixel.
 * Writes bench-results/regions-estimate.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, it } from 'vitest';
import { repoRoot } from '../../scripts/models-dir.mjs';
import { processingSize } from '../../src/worker/geometry/frame-sizes';
import { createFastStyleTransformer } from '../../src/worker/model/fast-style-transformer';
import { createPersonSegmenter, type PersonSegmenter } from '../../src/worker/model/person-segmenter';
import type { TfjsStyleTransformer } from '../../src/worker/model/style-transformer';
import { resizeTo } from '../../src/worker/quality/colour-space';
import { composeRegions, RegionMask } from '../../src/worker/quality/region-mask';
import { readJpeg } from '../support/images';
import { builtInStyle } from '../support/networks';
import { projectModelsDir, sharedModelsDir } from '../support/paths';
import { serveFolder } from '../support/static-server';

const PEOPLE = ['person_001', 'person_005', 'person_020'];
const STYLE = 'starry_night';
const NOISE_FRAMES = 30;
const NOISE_SIGMA = 4;

let segmenter: PersonSegmenter;
let fast: TfjsStyleTransformer;
const servers: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  await tf.setBackend('wasm');
  const shared = await serveFolder(sharedModelsDir());
  const project = await serveFolder(projectModelsDir());
  servers.push(shared, project);
  segmenter = await createPersonSegmenter(shared.url);
  fast = await createFastStyleTransformer({ baseUrl: project.url });
});

afterAll(async () => {
  segmenter?.dispose();
  fast?.dispose();
  await Promise.all(servers.map((server) => server.close()));
});

/** A 4:3 webcam's view of the photo (the middle band), at the app's 256-px processing size. */
function cameraFrame(name: string): tf.Tensor3D {
  const photo = readJpeg(resolve(sharedModelsDir(), 'content', 'people', `${name}.jpg`));
  const frame = tf.tidy(() => {
    const [height, width] = photo.shape;
    const bandHeight = Math.round((width * 3) / 4);
    const band = photo.slice([Math.round((height - bandHeight) / 2), 0, 0], [bandHeight, width, 3]).toFloat() as tf.Tensor3D;
    const size = processingSize(width, bandHeight, 256);
    return tf.image.resizeBilinear(band, [size.height, size.width], false, true).round() as tf.Tensor3D;
  });
  photo.dispose();
  return frame;
}

function writeRow(path: string, pictures: tf.Tensor3D[]): void {
  const [height, width] = pictures[0]!.shape;
  const gap = 4;
  const total = width * pictures.length + gap * (pictures.length - 1);
  const data = new Uint8Array(total * height * 4).fill(255);
  pictures.forEach((picture, k) => {
    const values = picture.dataSync();
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) for (let c = 0; c < 3; c++) {
      data[(y * total + k * (width + gap) + x) * 4 + c] = Math.max(0, Math.min(255, Math.round(values[(y * width + x) * 3 + c]! * 255)));
    }
  });
  writeFileSync(path, jpeg.encode({ data, width: total, height }, 88).data);
}

it('pictures of each mode, and the edge stability of the mask on a still person with camera noise', () => {
  const docsDir = resolve(repoRoot, 'docs', 'person-regions');
  mkdirSync(docsDir, { recursive: true });
  const embedding = builtInStyle(STYLE).embedding;
  const stability: Record<string, { composedMaskChange: number; rawMaskChange: number }> = {};
  for (const name of PEOPLE) {
    const frame = cameraFrame(name);
    tf.tidy(() => {
      const content = frame.div(255) as tf.Tensor3D;
      const stylized = resizeTo(fast.stylize(frame, embedding), frame.shape[0], frame.shape[1]);
      const row = [content, stylized];
      for (const region of ['person', 'background'] as const) {
        const regions = new RegionMask(() => region, (pixels) => segmenter.segment(pixels));
        row.push(composeRegions(stylized, content, regions.weights(frame)!));
        regions.dispose();
      }
      writeRow(resolve(docsDir, `${name}.jpg`), row);
    });

    // The same frame with fresh noise each time, as a webcam sees a person sitting still.
    const regions = new RegionMask(() => 'person', (pixels) => segmenter.segment(pixels));
    let previousComposed: tf.Tensor3D | null = null;
    let previousRaw: tf.Tensor3D | null = null;
    let composedSum = 0;
    let rawSum = 0;
    for (let t = 0; t < NOISE_FRAMES; t++) {
      const [composedMask, rawMask] = tf.tidy(() => {
        const noisy = frame.add(tf.randomNormal(frame.shape, 0, NOISE_SIGMA, 'float32', 1000 + t)).clipByValue(0, 255) as tf.Tensor3D;
        return [regions.weights(noisy)!, resizeTo(segmenter.segment(noisy), frame.shape[0], frame.shape[1])];
      });
      if (previousComposed && previousRaw && t > 2) {
        composedSum += tf.tidy(() => composedMask!.sub(previousComposed!).abs().mean().dataSync()[0]!);
        rawSum += tf.tidy(() => rawMask!.sub(previousRaw!).abs().mean().dataSync()[0]!);
      }
      previousComposed?.dispose();
      previousRaw?.dispose();
      previousComposed = composedMask!;
      previousRaw = rawMask!;
    }
    tf.dispose([previousComposed!, previousRaw!]);
    regions.dispose();
    const counted = NOISE_FRAMES - 3;
    stability[name] = { composedMaskChange: Number((composedSum / counted).toFixed(5)), rawMaskChange: Number((rawSum / counted).toFixed(5)) };
    frame.dispose();
  }
  const report = {
    date: new Date().toISOString(),
    command: 'npm run bench:regions',
    cpuCores: cpus().length,
    backend: 'tfjs-wasm in Node',
    style: STYLE,
    noise: { frames: NOISE_FRAMES, sigmaLevels: NOISE_SIGMA },
    edgeStability: stability,
  };
  mkdirSync(resolve(repoRoot, 'bench-results'), { recursive: true });
  writeFileSync(resolve(repoRoot, 'bench-results', 'regions-estimate.json'), JSON.stringify(report, null, 2));
  console.log(JSON.stringify(report, null, 2));
});
