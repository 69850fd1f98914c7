import * as tf from '@tensorflow/tfjs';
import { CompiledSizes, precompileShaders } from '../backend/shader-precompile';
import { processingSize, type Size } from '../geometry/frame-sizes';

interface SizePrecompilerParts {
  backendName: string;
  /** Creates the tensors of one frame at `size` from a `source`-sized camera frame (contents unused). */
  run: (size: Size, source: Size) => tf.Tensor;
  /** Whether the network's engine builds something per size (LiteRT writes and compiles a model). */
  networkCompiles: () => boolean;
  /** Builds the network's engine for `size` (see StyleTransformer.prepare). */
  prepareNetwork: (size: Size) => Promise<void>;
}

/**
 * Compiles, ahead of use, what each size the adaptive resolution may step to needs for frames of a
 * given shape: WebGPU's shaders, and LiteRT's model for that size. Without it the first frame at a
 * new size waited for them: up to 1.2 s longer on WebGPU (`npm run bench -- --size-switch`,
 * SwiftShader), and a model's write and compile on LiteRT. On WebGL compiling ahead did not remove
 * the stall (ANGLE builds its pipelines at the first draw); tfjs on WASM and CPU and ONNX Runtime
 * have nothing to compile.
 */
export class SizePrecompiler {
  private readonly compiled = new CompiledSizes();
  /** The frame shape and ladder whose sizes were last handed out, so a frame costs one comparison. */
  private checkedSource: Size = { width: 0, height: 0 };
  private checkedLadder: readonly number[] | null = null;

  constructor(private readonly parts: SizePrecompilerParts) {}

  /** Counts `sizes` as compiled (the warm-up ran them for real). */
  markCompiled(sizes: readonly Size[]): void {
    this.compiled.claim(sizes);
  }

  /** The sizes of `ladder` for `source` frames not compiled yet; each is handed out once. */
  uncompiled(source: Size, ladder: readonly number[]): Size[] {
    if (this.parts.backendName !== 'webgpu' && !this.parts.networkCompiles()) return [];
    if (this.checkedLadder === ladder && this.checkedSource.width === source.width && this.checkedSource.height === source.height) return [];
    this.checkedLadder = ladder;
    this.checkedSource = source;
    return this.compiled.claim(ladder.map((shortSide) => processingSize(source.width, source.height, shortSide)));
  }

  async compile(source: Size, sizes: readonly Size[]): Promise<void> {
    await precompileShaders(this.parts.backendName, sizes, (size) => this.parts.run(size, source));
    if (this.parts.networkCompiles()) for (const size of sizes) await this.parts.prepareNetwork(size);
  }
}
