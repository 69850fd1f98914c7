// Chromium flags shared by the browser tests and the benchmark.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { sharedModelsDir } from './models-dir.mjs';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless, offline, camera prompts accepted. `fakeCamera` plays `cameraFile` (fake-camera.y4m by default) as the one camera
 * (without it the machine's real cameras count, usually none); `realGpu` drops the software-adapter flags.
 */
export function chromiumArgs({ realGpu = false, fakeCamera = true, cameraFile = resolve(sharedModelsDir(), 'fake-camera.y4m') } = {}) {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--use-fake-ui-for-media-stream',
    ...(fakeCamera
      ? ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${cameraFile}`]
      : []),
    '--enable-unsafe-webgpu',
    ...(realGpu
      ? ['--enable-features=Vulkan', '--use-angle=vulkan', '--ignore-gpu-blocklist']
      : // A software WebGPU adapter, so that the app's own choice (WASM over a software GPU) is exercised.
        ['--use-webgpu-adapter=swiftshader', '--enable-unsafe-swiftshader']),
  ];
}

/**
 * A copy of a fake-camera clip (written under `folder`) whose frames play at `fps` instead of the
 * file's rate: only the header's rate changes, so motion runs fps/15 times as fast. The shared
 * clips are 15 fps, which caps any pipeline fed by them at 15 frames a second.
 */
export function retimedCamera(file, fps, folder) {
  const bytes = readFileSync(file);
  const headerEnd = bytes.indexOf(0x0a);
  const header = bytes.subarray(0, headerEnd).toString('latin1').replace(/ F\d+:\d+/, ` F${fps}:1`);
  mkdirSync(folder, { recursive: true });
  const path = resolve(folder, `${basename(file, '.y4m')}-${fps}fps.y4m`);
  writeAtomically(path, Buffer.concat([Buffer.from(header, 'latin1'), bytes.subarray(headerEnd)]));
  return path;
}

/**
 * A still camera made from the first frame of a fake-camera clip (written under `folder`): `frames`
 * copies of it at `fps`, each with its own camera noise on the luma (about `noise` levels, seeded),
 * so the scene never moves but no two frames are the same: what a webcam sees of a person sitting still.
 */
export function stillCamera(file, fps, folder, { frames = 60, noise = 2 } = {}) {
  const bytes = readFileSync(file);
  const headerEnd = bytes.indexOf(0x0a);
  const header = bytes.subarray(0, headerEnd).toString('latin1').replace(/ F\d+:\d+/, ` F${fps}:1`);
  const width = Number(/ W(\d+)/.exec(header)[1]);
  const height = Number(/ H(\d+)/.exec(header)[1]);
  const frameStart = bytes.indexOf(0x0a, headerEnd + 1) + 1;
  const lumaBytes = width * height;
  const planes = bytes.subarray(frameStart, frameStart + (lumaBytes * 3) / 2);
  let state = 12345;
  const next = () => (state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const parts = [Buffer.from(`${header}\n`, 'latin1')];
  for (let frame = 0; frame < frames; frame++) {
    const copy = Buffer.from(planes);
    // Roughly Gaussian: the sum of three uniforms, scaled to `noise` levels of spread.
    for (let i = 0; i < lumaBytes; i++) copy[i] = Math.max(0, Math.min(255, Math.round(copy[i] + (next() + next() + next() - 1.5) * 2 * noise)));
    parts.push(Buffer.from('FRAME\n', 'latin1'), copy);
  }
  mkdirSync(folder, { recursive: true });
  const path = resolve(folder, `${basename(file, '.y4m')}-still-${fps}fps.y4m`);
  writeAtomically(path, Buffer.concat(parts));
  return path;
}

/**
 * Writes a clip beside its place and renames it there: browser tests run in parallel workers, and a
 * Chromium already reading the clip (or a worker that finds it present) must never see half a file.
 */
export function writeAtomically(path, bytes) {
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, bytes);
  renameSync(partial, path);
}
