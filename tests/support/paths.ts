import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingModelFiles, sharedModelsDir as configuredModelsDir } from '../../scripts/models-dir.mjs';

/** The shared model data (../shared/models or STYLIZER_MODELS_DIR), checked before a test relies on it. */
export function sharedModelsDir(): string {
  const dir = configuredModelsDir();
  const missing = missingModelFiles(dir);
  if (missing.length > 0) throw new Error(`The shared model data is missing at ${dir} (${missing.join(', ')}). Put it there or set STYLIZER_MODELS_DIR.`);
  return dir;
}

/** The project's own networks (models/ in this repository: the fast transformer made by `npm run train`). */
export function projectModelsDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'models');
}

/** The WebAssembly SIMD pixel kernels, compiled by `npm run setup` (scripts/build-kernels.mjs). */
export function pixelKernelsBytes(): Uint8Array<ArrayBuffer> {
  const file = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'worker', 'quality', 'kernels', 'pixel-kernels.wasm');
  if (!existsSync(file)) throw new Error(`The pixel kernels are not compiled (${file}): run "npm run setup".`);
  return new Uint8Array(readFileSync(file));
}
