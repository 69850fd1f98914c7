import * as tf from '@tensorflow/tfjs';
import type { BackendName, MemorySnapshot } from '../../shared/protocol';

/** What each backend's own memory figure is read from; tfjs does not name them alike. */
interface BackendMemoryLike {
  numBytesAllocatedInGPU?: number;
  numBytesInGPUAllocated?: number;
}
interface WasmBackendLike {
  wasm?: { HEAPU8?: Uint8Array };
}

/**
 * Memory the backend holds beyond live tensors: GPU buffers allocated by WebGPU/WebGL (pooled, so
 * it only grows when the pool does), or the size of the WebAssembly heap (which never shrinks, so
 * a leak shows as growth). `null` for the CPU backend, which keeps plain JS arrays.
 */
function backendMemoryBytes(backend: BackendName): number | null {
  const memory = tf.memory() as tf.MemoryInfo & BackendMemoryLike;
  if (backend === 'webgpu') return memory.numBytesAllocatedInGPU ?? null;
  if (backend === 'webgl') return memory.numBytesInGPUAllocated ?? null;
  if (backend === 'wasm') return (tf.backend() as unknown as WasmBackendLike).wasm?.HEAPU8?.byteLength ?? null;
  return null;
}

/** Live tensors, their bytes and the backend's own memory, now. */
export function memorySnapshot(backend: BackendName): MemorySnapshot {
  const memory = tf.memory();
  return { tensors: memory.numTensors, tensorBytes: memory.numBytes, backendBytes: backendMemoryBytes(backend) };
}
