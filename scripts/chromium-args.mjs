// Chromium flags shared by the browser tests and the benchmark.
import { resolve } from 'node:path';
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
