// Style embeddings of random crops of the built-in style pictures, for training the fast network.
// Runs the app's own predictor (../shared/models/style-predictor) on tfjs's WebAssembly backend, with
// the same preprocessing as the app (whole crop squeezed to 256x256 with resizeBilinear, /255).
// Seeded, so the same command writes the same file. Usage: node training/embed-style-crops.mjs OUT.json [COUNT_PER_STYLE]
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import jpeg from 'jpeg-js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const models = process.env.STYLIZER_MODELS_DIR ?? resolve(root, '..', 'shared', 'models');
const [out = join(root, 'training', 'work', 'style-crop-embeddings.json'), perStyleArg = '40'] = process.argv.slice(2);
const perStyle = Number(perStyleArg);

/** Mulberry32: a small seeded generator, so crops are the same on every run. */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** tf.loadGraphModel from files, without a server. */
function fileHandler(modelJsonPath) {
  return {
    async load() {
      const json = JSON.parse(readFileSync(modelJsonPath, 'utf8'));
      const folder = dirname(modelJsonPath);
      const weightSpecs = json.weightsManifest.flatMap((group) => group.weights);
      const buffers = json.weightsManifest.flatMap((group) => group.paths.map((path) => readFileSync(join(folder, path))));
      const joined = Buffer.concat(buffers);
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        signature: json.signature,
        userDefinedMetadata: json.userDefinedMetadata,
        weightSpecs,
        weightData: joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength),
      };
    },
  };
}

function cosineOf(a, b) {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i += 1) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
}

await tf.setBackend('wasm');
await tf.ready();
const predictor = await tf.loadGraphModel(fileHandler(join(models, 'style-predictor', 'model.json')));
const catalogue = JSON.parse(readFileSync(join(models, 'styles', 'styles.json'), 'utf8'));
const random = seeded(20261205);
const crops = [];
const started = Date.now();
for (const style of catalogue.styles) {
  const decoded = jpeg.decode(readFileSync(join(models, 'styles', style.file)), { useTArray: true, formatAsRGBA: false });
  const picture = tf.tensor3d(decoded.data, [decoded.height, decoded.width, 3], 'int32');
  // The whole picture must give the catalogue's embedding, or this is not the app's predictor.
  const whole = tf.tidy(() => predictor.execute({ style_image: tf.image.resizeBilinear(picture.toFloat(), [256, 256]).div(255).expandDims(0) }, 'style_embedding'));
  const cosine = cosineOf(await whole.data(), style.embedding);
  whole.dispose();
  if (cosine < 0.999) throw new Error(`the predictor gives ${style.id} an embedding off the catalogue's (cosine ${cosine.toFixed(5)})`);
  for (let i = 0; i < perStyle; i += 1) {
    // A crop of 30-90% of the short side: the brush work of a detail, not the whole composition.
    const side = Math.round(Math.min(decoded.width, decoded.height) * (0.3 + 0.6 * random()));
    const top = Math.floor(random() * (decoded.height - side + 1));
    const left = Math.floor(random() * (decoded.width - side + 1));
    const embedding = tf.tidy(() => {
      const crop = picture.slice([top, left, 0], [side, side, 3]).toFloat();
      const input = tf.image.resizeBilinear(crop, [256, 256]).div(255).expandDims(0);
      return predictor.execute({ style_image: input }, 'style_embedding');
    });
    crops.push({ style: style.id, crop: [left, top, side], embedding: Array.from(await embedding.data(), (v) => Number(v.toFixed(6))) });
    embedding.dispose();
  }
  picture.dispose();
  console.log(`style crops: ${style.id} done (${crops.length} embeddings, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
// The training portraits' own embeddings: Style strength pulls a style toward the camera picture's.
const facesDir = resolve(process.env.STYLIZER_TRAINING_DIR ?? resolve(root, '..', 'shared', 'training'), 'faces');
const photos = [];
for (const file of readdirSync(facesDir).filter((name) => name.endsWith('.jpg')).sort()) {
  const decoded = jpeg.decode(readFileSync(join(facesDir, file)), { useTArray: true, formatAsRGBA: false });
  const embedding = tf.tidy(() => {
    const picture = tf.tensor3d(decoded.data, [decoded.height, decoded.width, 3], 'int32').toFloat();
    return predictor.execute({ style_image: tf.image.resizeBilinear(picture, [256, 256]).div(255).expandDims(0) }, 'style_embedding');
  });
  photos.push({ file, embedding: Array.from(await embedding.data(), (v) => Number(v.toFixed(6))) });
  embedding.dispose();
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ generatedBy: 'training/embed-style-crops.mjs', seed: 20261205, perStyle, crops, photos }));
console.log(`wrote ${crops.length} crop embeddings and ${photos.length} photo embeddings to ${out}`);
