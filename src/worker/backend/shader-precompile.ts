import * as tf from '@tensorflow/tfjs';
import type { Size } from '../geometry/frame-sizes';

/** The parts of the WebGL and WebGPU backends that compile shaders without running them. */
interface CompilingBackend {
  checkCompileCompletionAsync(): Promise<unknown>;
  getUniformLocations?(): void;
}

/** Each GPU backend's switch for "record the kernels and compile their shaders, run nothing". */
const COMPILE_ONLY_FLAG: Partial<Record<string, string>> = {
  webgpu: 'WEBGPU_ENGINE_COMPILE_ONLY',
  webgl: 'ENGINE_COMPILE_ONLY',
};

/**
 * Compiles the shaders `run` needs at each size, in parallel where the driver can, without
 * running any of them. Shaders are specialised by tensor shape (fully on WebGL, partly on WebGPU),
 * so the first frame at a size the adaptive resolution steps to would otherwise stall while they
 * compile. Returns false on backends with nothing to compile (WASM, CPU).
 * `run` must only create tensors (their contents are garbage); they are disposed here.
 */
export async function precompileShaders(backendName: string, sizes: readonly Size[], run: (size: Size) => tf.Tensor): Promise<boolean> {
  const flag = COMPILE_ONLY_FLAG[backendName];
  if (!flag || sizes.length === 0) return false;
  const backend = tf.engine().backend as unknown as CompilingBackend;
  tf.env().set(flag, true);
  try {
    for (const size of sizes) {
      tf.tidy(() => {
        run(size);
      });
    }
  } finally {
    tf.env().set(flag, false);
  }
  await backend.checkCompileCompletionAsync();
  // WebGL looks its uniforms up once the programs have linked, which compile-only mode skipped.
  backend.getUniformLocations?.();
  return true;
}

/** Frame sizes whose shaders are compiled (or being compiled), so that each is done once. */
export class CompiledSizes {
  private readonly sizes = new Set<string>();

  /** Those of `sizes` not seen before, which are from now on counted as compiled. */
  claim(sizes: readonly Size[]): Size[] {
    const fresh = sizes.filter((size) => !this.sizes.has(`${size.width}x${size.height}`));
    for (const size of fresh) this.sizes.add(`${size.width}x${size.height}`);
    return fresh;
  }
}
