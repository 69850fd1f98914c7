import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { BackendName } from '../../shared/protocol';

/** The slice of tfjs's WebGL backend needed to hear about a lost context. */
interface WebGlBackendLike {
  gpgpu?: { gl?: { canvas?: EventTarget } };
}

/**
 * Calls `onLost` once if the GPU behind the current backend goes away (a driver reset, the GPU
 * process crashing, `device.destroy()`). Nothing in tfjs recovers from that, so the caller starts
 * over with a fresh backend. Returns a function that stops watching.
 */
export function watchDeviceLoss(backend: BackendName, onLost: (reason: string) => void): () => void {
  let watching = true;
  const report = (reason: string) => {
    if (!watching) return;
    watching = false;
    onLost(reason);
  };
  if (backend === 'webgpu') {
    void (tf.backend() as WebGPUBackend).device.lost.then((info) => report(`WebGPU device lost (${info.reason || 'unknown'})${info.message ? `: ${info.message}` : ''}`));
    return () => (watching = false);
  }
  if (backend === 'webgl') {
    const canvas = (tf.backend() as unknown as WebGlBackendLike).gpgpu?.gl?.canvas;
    const onContextLost = () => report('WebGL context lost');
    canvas?.addEventListener('webglcontextlost', onContextLost);
    return () => {
      watching = false;
      canvas?.removeEventListener('webglcontextlost', onContextLost);
    };
  }
  return () => (watching = false);
}
