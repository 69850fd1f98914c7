// Built from pixel-kernels.as.ts by `npm run setup`; served from our own origin like every binary.
import kernelsUrl from './pixel-kernels.wasm?url';
import { ScalarOutputPasses, type OutputPasses } from '../output-passes';
import { SimdOutputPasses } from './simd-output-passes';

/** Compiled once per worker; each chain instantiates its own copy (its own memory). */
let compiled: Promise<WebAssembly.Module | null> | null = null;

function compileKernels(): Promise<WebAssembly.Module | null> {
  // Through an ArrayBuffer rather than compileStreaming: a static host may not send application/wasm.
  compiled ??= fetch(kernelsUrl)
    .then((response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.arrayBuffer();
    })
    .then((bytes) => WebAssembly.compile(bytes))
    .catch((error: unknown) => {
      // A browser without WebAssembly SIMD, or the file missing: the same picture from the JS loops.
      console.warn('Pixel kernels unavailable; using the JS loops:', error);
      return null;
    });
  return compiled;
}

/** The output passes in WebAssembly SIMD where the kernels load, else the JS loops. */
export async function loadOutputPasses(): Promise<OutputPasses> {
  const module = await compileKernels();
  return module ? SimdOutputPasses.create(module) : new ScalarOutputPasses();
}
