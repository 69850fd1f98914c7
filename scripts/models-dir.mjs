// Where the shared model data lives: ../shared/models next to the checkout, or STYLIZER_MODELS_DIR.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function sharedModelsDir() {
  return resolve(process.env.STYLIZER_MODELS_DIR ?? resolve(repoRoot, '..', 'shared', 'models'));
}

/** Files the app cannot run without, relative to the models folder. */
export const REQUIRED_FILES = [
  'style-predictor/model.json',
  'style-transformer/model.json',
  'styles/styles.json',
  'onnx/style-transformer.onnx',
  'segmentation/tfjs_landscape/model.json',
  'segmentation/tfjs_landscape/group1-shard1of1.bin',
];

export function missingModelFiles(dir) {
  return REQUIRED_FILES.filter((file) => !existsSync(resolve(dir, file)));
}
