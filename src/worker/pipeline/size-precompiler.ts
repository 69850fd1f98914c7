import * as tf from '@tensorflow/tfjs';
import { CompiledSizes, precompileShaders } from '../backend/shader-precompile';
import { processingSize, type Size } from './processing-size';

/**
 * WebGPU only: compiles, ahead of use, the shaders of every size the adaptive resolution may step
 * to for frames of a given shape. Without it the first WebGPU frame at a new size took up to 1.2 s
 * longer (`npm run bench -- --size-switch`, SwiftShader). On WebGL compiling ahead did not remove
 * the stall (ANGLE builds its pipelines at the first draw); WASM and CPU have nothing to compile.
 */
export class SizePrecompiler {
  private readonly compiled = new CompiledSizes();
  /** The frame shape and ladder whose sizes were last handed out, so a frame costs one comparison. */
  private checkedSource: Size = { width: 0, height: 0 };
  private checkedLadder: readonly number[] | null = null;

  constructor(
    private readonly backendName: string,
    /** Creates the tensors of one frame at `size` from a `source`-sized camera frame (contents unused). */
    private readonly run: (size: Size, source: Size) => tf.Tensor,
  ) {}

  /** Counts `sizes` as compiled (the warm-up ran them for real). */
  markCompiled(sizes: readonly Size[]): void {
    this.compiled.claim(sizes);
  }

  /** The sizes of `ladder` for `source` frames not compiled yet; each is handed out once. */
  uncompiled(source: Size, ladder: readonly number[]): Size[] {
    if (this.backendName !== 'webgpu') return [];
    if (this.checkedLadder === ladder && this.checkedSource.width === source.width && this.checkedSource.height === source.height) return [];
    this.checkedLadder = ladder;
    this.checkedSource = source;
    return this.compiled.claim(ladder.map((shortSide) => processingSize(source.width, source.height, shortSide)));
  }

  async compile(source: Size, sizes: readonly Size[]): Promise<void> {
    await precompileShaders(this.backendName, sizes, (size) => this.run(size, source));
  }
}
