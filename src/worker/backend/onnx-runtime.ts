// The ONNX Runtime WebAssembly binary (about 14 MB), served from our own origin; fetched only when
// the ONNX engine is loaded.
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import type * as Ort from 'onnxruntime-web';

/** The ONNX Runtime module (the browser's WebAssembly build, or the Node one in tests). */
export type OrtModule = Pick<typeof Ort, 'InferenceSession' | 'Tensor'>;

/**
 * Loads ONNX Runtime Web's WebAssembly build (a chunk of its own, imported on first use) with
 * `threads` threads. Its default is half the cores (at most 4), like tfjs's; threads need the page
 * to be cross-origin isolated, which the app's server headers make it.
 *
 * It runs in a worker of its own (`proxy`): a run then does not hold the stylizer's thread, so
 * ONNX Runtime can load and warm up while tfjs keeps drawing frames, and input and output cross
 * as transferred buffers. Measured at 340×256 with 2 threads: 85-87 ms a run in its own worker
 * against 84-92 ms in the stylizer's (`npm run bench -- --engines`).
 */
export async function loadOnnxRuntime(threads: number): Promise<OrtModule> {
  const ort = await import('onnxruntime-web/wasm');
  ort.env.wasm.wasmPaths = { wasm: ortWasmUrl };
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.proxy = true;
  return ort;
}
