// The ONNX Runtime WebAssembly binary (about 14 MB), served from our own origin; fetched only when
// the ONNX engine is loaded.
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import type { OrtModule } from '../model/onnx-style-transformer';

/**
 * Loads ONNX Runtime Web's WebAssembly build (a chunk of its own, imported on first use) with
 * `threads` threads. Its default is half the cores (at most 4), like tfjs's; threads need the page
 * to be cross-origin isolated, which the app's server headers make it.
 */
export async function loadOnnxRuntime(threads: number): Promise<OrtModule> {
  const ort = await import('onnxruntime-web/wasm');
  ort.env.wasm.wasmPaths = { wasm: ortWasmUrl };
  ort.env.wasm.numThreads = threads;
  return ort;
}
