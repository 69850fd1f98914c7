/**
 * npm run bench:refine: the refinement (Refine in the photo panel) measured on tfjs-wasm in Node,
 * the same Refiner and loss network the stills worker runs. For each style and size: the fast
 * result, then N Adam steps from it; per step time (median), the loss curve, and for the fast and
 * the refined image the style-embedding distance to the style (what the fast network was trained to
 * lower) and the content loss. Also plain against softmax-normalised Gram matrices at 256 px.
 * Writes bench-results/refine.json, and side-by-side pictures (photo | fast | refined) as JPEGs to
 * bench-results/refine-<style>-<size>.jpg.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, it } from 'vitest';
import { loadGraph } from '../../src/worker/model/model-loading';
import { registerWasmGradientKernels } from '../../src/worker/stills/refine/gradient-kernels';
import { LOSS_LAYER_NAMES, LossNetwork, type GramNormalisation } from '../../src/worker/stills/refine/loss-network';
import { DEFAULT_GRAM, Refiner } from '../../src/worker/stills/refine/refiner';
import { repoRoot } from '../../scripts/models-dir.mjs';
import { pictureTensor } from '../support/images';
import { builtInStyle, loadNetworks, type Networks } from '../support/networks';

const STEPS = Number(process.env.REFINE_STEPS ?? 100);
const SIZES = (process.env.REFINE_SIZES ?? '256,384').split(',').map(Number);
const STYLES = ['starry_night', 'great_wave'];
const PHOTO = 'content/people/person_001.jpg';

let networks: Networks;
let lossNetwork: LossNetwork;
let transformer: tf.GraphModel;

beforeAll(async () => {
  networks = await loadNetworks();
  tf.findBackend('cpu');
  registerWasmGradientKernels();
  lossNetwork = await LossNetwork.load(networks.url);
  transformer = await loadGraph('style-transformer', { baseUrl: networks.url });
});

afterAll(async () => {
  transformer?.dispose();
  lossNetwork?.dispose();
  await networks?.dispose();
});

async function run(styleId: string, size: number, gramNormalisation: GramNormalisation, pictureName: string | null) {
  const { file, embedding } = builtInStyle(styleId);
  const content = pictureTensor(PHOTO, size);
  const stylePicture = pictureTensor(`styles/${file}`, 256);
  const fast = transformer.execute({ content, style_embedding: embedding }, 'stylized') as tf.Tensor4D;
  const refiner = new Refiner(lossNetwork, { content, stylePicture, styleEmbedding: embedding }, fast, { content: 1, style: 100, variation: 0.1, layers: LOSS_LAYER_NAMES, gram: gramNormalisation });
  const photoLoss = await refiner.measure(content);
  const fastLoss = await refiner.measure(fast);
  const curve: number[] = [];
  const stepMs: number[] = [];
  for (let i = 0; i < STEPS; i++) {
    const t0 = performance.now();
    curve.push((await refiner.step()).total);
    stepMs.push(performance.now() - t0);
  }
  const refined = refiner.current();
  const refinedLoss = await refiner.measure(refined);
  if (pictureName) {
    const strip = tf.tidy(() => tf.concat([content, fast, refined], 2).squeeze([0]).mul(255).round().toInt() as tf.Tensor3D);
    const rgb = await strip.data();
    const rgba = new Uint8Array((rgb.length / 3) * 4);
    for (let i = 0, j = 0; j < rgb.length; i += 4, j += 3) [rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]] = [rgb[j]!, rgb[j + 1]!, rgb[j + 2]!, 255];
    writeFileSync(resolve(repoRoot, 'bench-results', `${pictureName}.jpg`), jpeg.encode({ data: rgba, width: size * 3, height: size }, 85).data);
    strip.dispose();
  }
  refiner.dispose();
  tf.dispose([embedding, content, stylePicture, fast, refined]);
  const sorted = [...stepMs].sort((a, b) => a - b);
  return {
    style: styleId,
    size,
    gram: gramNormalisation,
    steps: STEPS,
    msPerStep: { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted.at(-1) },
    embeddingDistance: { photo: photoLoss.embedding, fast: fastLoss.embedding, refined: refinedLoss.embedding },
    contentLoss: { fast: fastLoss.content, refined: refinedLoss.content },
    totalLoss: { fast: fastLoss.total, refined: refinedLoss.total, ratio: fastLoss.total / refinedLoss.total },
    curve: curve.filter((_, i) => i % 5 === 0 || i === curve.length - 1),
  };
}

it('measures the refinement', async () => {
  mkdirSync(resolve(repoRoot, 'bench-results'), { recursive: true });
  const results = [];
  for (const styleId of STYLES) for (const size of SIZES) {
    const result = await run(styleId, size, DEFAULT_GRAM, `refine-${styleId}-${size}`);
    console.log(JSON.stringify({ ...result, curve: undefined }));
    results.push(result);
  }
  const variants = [];
  for (const gram of ['none', 'softmax'] as const) {
    const result = await run('starry_night', 256, gram, `refine-gram-${gram}`);
    console.log(JSON.stringify({ ...result, curve: undefined }));
    variants.push(result);
  }
  const out = { tfjs: tf.version.tfjs, backend: tf.getBackend(), cores: cpus().length, node: process.version, photo: PHOTO, date: new Date().toISOString(), results, gramVariants: variants };
  writeFileSync(resolve(repoRoot, 'bench-results', 'refine.json'), `${JSON.stringify(out, null, 2)}\n`);
});
