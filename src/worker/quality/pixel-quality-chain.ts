import type * as tf from '@tensorflow/tfjs';
import type { Size } from '../geometry/frame-sizes';
import type { CameraImage } from './camera-luma';
import type { OutputPasses } from './output-passes';
import { QualityChain, type OutputFrame, type QualitySettings } from './quality-chain';
import type { RegionMask } from './region-mask';
import { STILL_INPUT_WEIGHT } from './temporal-stabilizer';
import type { YuvPicture } from './yuv-picture';

/**
 * The quality chain for CPU-side backends (WebAssembly, CPU), where tensors live in the worker's
 * own memory: the processing-size stages stay tensor ops, while the output-size ones (the steady
 * camera guide, the upsampling with Detail, the 8-bit conversion) are one pass each over the
 * pixels (`pixel-output.ts`), and the sink gets RGBA pixels to put on the canvas. Reading a tensor
 * here is a copy within the worker, not a GPU readback. It keeps the camera guide between frames
 * and forgets it whenever the stabilizer drops its references.
 */
export class PixelQualityChain extends QualityChain {
  /** `passes`: owned by the chain from here (disposed with it). */
  constructor(settings: () => QualitySettings, regions: RegionMask | null, private readonly passes: OutputPasses) {
    super(settings, regions);
  }

  /** Through the kernels where it has them: fromPixels copies the pixels one by one in JS. */
  override importPixels(image: ImageData | ImageBitmap | YuvPicture): tf.Tensor3D {
    const kernels = this.passes.processingKernels;
    return kernels && 'data' in image ? kernels.importPixels(image) : super.importPixels(image);
  }

  /** The guide is folded in here, while the camera's buffer is still this frame's. */
  protected override steadyCamera(camera: CameraImage | null, motion: tf.Tensor3D | null, keep: boolean): null {
    if (!camera || !keep) return null;
    if (!('data' in camera)) throw new Error('The pixel quality chain reads camera pixels, not bitmaps');
    const [height, width] = motion ? motion.shape : [0, 0];
    const kernels = this.passes.processingKernels;
    const motionPlane = motion ? (kernels?.motionPlane() ?? { values: motion.dataSync() as Float32Array, width, height }) : null;
    this.passes.updateGuide(camera, motionPlane, STILL_INPUT_WEIGHT);
    return null;
  }

  protected override stabilizeInput(pixels: tf.Tensor3D, keep: boolean): { input: tf.Tensor3D; motion: tf.Tensor3D } {
    return this.passes.processingKernels?.stabilizeInput(pixels, keep) ?? super.stabilizeInput(pixels, keep);
  }

  protected override stabilizeOutput(stylized: tf.Tensor3D, motion: tf.Tensor3D, keep: boolean): tf.Tensor3D {
    return this.passes.processingKernels?.stabilizeOutput(stylized, keep) ?? super.stabilizeOutput(stylized, motion, keep);
  }

  protected override composeOverCamera(stylized: tf.Tensor3D, weights: tf.Tensor3D, input: tf.Tensor3D, cameraPicture: () => tf.Tensor3D): tf.Tensor3D {
    const kernels = this.passes.processingKernels;
    return kernels ? kernels.composeOverCamera(stylized, input, weights) : super.composeOverCamera(stylized, weights, input, cameraPicture);
  }

  override styleChanged(): void {
    super.styleChanged();
    this.passes.processingKernels?.resetOutput();
  }

  /** Stays at the processing size: `present` brings it up. */
  protected override upsample(coloured: tf.Tensor3D): tf.Tensor3D {
    return coloured;
  }

  override present(finished: tf.Tensor3D, output: Size): OutputFrame {
    try {
      return this.passes.compose(finished, output, this.needsCamera() ? this.settings().detail : 0);
    } finally {
      finished.dispose();
    }
  }

  protected override stabilizerReset(): void {
    this.passes.resetGuide();
    this.passes.processingKernels?.resetAll();
  }

  override dispose(): void {
    super.dispose();
    this.passes.dispose();
  }
}
