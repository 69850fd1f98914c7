import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The shared model data: ../shared/models next to the checkout, or STYLIZER_MODELS_DIR. */
export function sharedModelsDir(): string {
  const dir = resolve(process.env.STYLIZER_MODELS_DIR ?? resolve(repoRoot, '..', 'shared', 'models'));
  if (!existsSync(resolve(dir, 'style-transformer', 'model.json'))) {
    throw new Error(`The shared model data is missing at ${dir}. Put it there or set STYLIZER_MODELS_DIR.`);
  }
  return dir;
}

export function fakeCameraPath(): string {
  return resolve(sharedModelsDir(), 'fake-camera.y4m');
}
