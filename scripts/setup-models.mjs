// Copies the shared model data into public/models (git-ignored) so Vite serves it from our own origin.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { missingModelFiles, repoRoot, sharedModelsDir } from './models-dir.mjs';

const source = sharedModelsDir();
const target = resolve(repoRoot, 'public', 'models');
// Only what the app serves; test photos, references and the fake camera stay where they are.
const FOLDERS = ['style-predictor', 'style-transformer', 'styles'];

const missing = missingModelFiles(source);
if (missing.length > 0) {
  console.error(
    [
      `Model files are missing from ${source}:`,
      ...missing.map((file) => `  - ${file}`),
      '',
      'The networks are shared data, not part of this repository. Put the shared "models" folder at',
      `  ${resolve(repoRoot, '..', 'shared', 'models')}`,
      'or point STYLIZER_MODELS_DIR at it, then run "npm run setup" again.',
    ].join('\n'),
  );
  process.exit(1);
}

/** Copies the files of `from` (all of them, or those `keep` accepts) into `to`, skipping ones already there. */
function copyIfChanged(from, to, keep = () => true) {
  for (const name of readdirSync(from).filter(keep)) {
    const src = join(from, name);
    const dst = join(to, name);
    const srcStat = statSync(src);
    if (srcStat.isDirectory()) {
      mkdirSync(dst, { recursive: true });
      copyIfChanged(src, dst);
      continue;
    }
    let same = false;
    try {
      const dstStat = statSync(dst);
      same = dstStat.size === srcStat.size && dstStat.mtimeMs >= srcStat.mtimeMs;
    } catch {
      same = false;
    }
    if (same) continue;
    // The shared copy is read-only; ours must stay writable so the next setup can refresh it.
    if (existsSync(dst)) chmodSync(dst, 0o644);
    copyFileSync(src, dst);
    chmodSync(dst, 0o644);
    utimesSync(dst, srcStat.atime, srcStat.mtime);
  }
}

for (const folder of FOLDERS) {
  const dst = join(target, folder);
  mkdirSync(dst, { recursive: true });
  copyIfChanged(join(source, folder), dst);
}
// The transformer for ONNX Runtime Web; the converter script beside it stays behind.
mkdirSync(join(target, 'onnx'), { recursive: true });
copyIfChanged(join(source, 'onnx'), join(target, 'onnx'), (name) => name.endsWith('.onnx'));
// The person segmenter (MediaPipe's selfie segmentation, landscape: the webcam one) as a tfjs graph model.
mkdirSync(join(target, 'segmentation', 'tfjs_landscape'), { recursive: true });
copyIfChanged(join(source, 'segmentation', 'tfjs_landscape'), join(target, 'segmentation', 'tfjs_landscape'));
// The project's own fast network (made by `npm run train`, committed under models/).
const fastSource = resolve(repoRoot, 'models', 'fast-transformer');
const FAST_FILES = ['fast-transformer.onnx', 'weights.json', 'weights.bin'];
const missingFast = FAST_FILES.filter((name) => !existsSync(join(fastSource, name)));
if (missingFast.length > 0) {
  console.error(`The fast network is missing from ${fastSource} (${missingFast.join(', ')}). It is part of this repository: restore it with "git checkout -- models", or make it again with "npm run train".`);
  process.exit(1);
}
mkdirSync(join(target, 'fast-transformer'), { recursive: true });
copyIfChanged(fastSource, join(target, 'fast-transformer'), (name) => FAST_FILES.includes(name));
console.log(`Models ready in ${target} (from ${source} and ${fastSource}).`);
