import type * as tf from '@tensorflow/tfjs';
import type { Size } from '../geometry/frame-sizes';
import type { CameraImage } from './camera-luma';
import type { CameraRegion, OutputPasses } from './output-passes';
import { QualityChain, type OutputFrame, type QualitySettings } from './quality-chain';
import { STILL_SCENE_MOVED, STILL_SCENE_MOVING_SHARE, type RegionMask } from './region-mask';
import { STILL_INPUT_WEIGHT } from './temporal-stabilizer';
import { tensorValues } from './tensor-values';
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
  /** This frame's camera planes at the output size (a YUV camera, read for Detail or the regions); null otherwise. */
  private cameraPlanes: YuvPicture | null = null;
  /** Person only / Background only over the camera's own pixels: what `present` composes this frame with. */
  private cameraRegion: CameraRegion | null = null;
  /** The region weights' values, copied out of their tensor (which the frame frees before `present`); reused. */
  private weightValues = new Float32Array(0);
  /** The last frame showed no movement (worked out only while a region is chosen). */
  private still = false;

  /** `passes`: owned by the chain from here (disposed with it). */
  constructor(
    settings: () => QualitySettings,
    regions: RegionMask | null,
    private readonly passes: OutputPasses,
  ) {
    super(settings, regions);
  }

  /** With the kernels (and a YUV camera), Person only / Background only take the camera's own pixels at the output size in `present`. */
  protected override composesOverCameraAtOutput(): boolean {
    return this.passes.processingKernels !== null;
  }

  /** Not as a tensor: `present` reads the camera's planes themselves (`steadyCamera` keeps them for it). */
  protected override importCameraColour(): null {
    return null;
  }

  /** Through the kernels where it has them: fromPixels copies the pixels one by one in JS. */
  override importPixels(image: ImageData | ImageBitmap | YuvPicture): tf.Tensor3D {
    const kernels = this.passes.processingKernels;
    return kernels && 'data' in image ? kernels.importPixels(image) : super.importPixels(image);
  }

  /** The guide is folded in here, while the camera's buffer is still this frame's. */
  protected override steadyCamera(camera: CameraImage | null, motion: tf.Tensor3D | null, keep: boolean): null {
    if (keep) {
      // A new frame: whatever the last one composed with is not this one's.
      this.cameraPlanes = camera && 'colour' in camera ? (camera.colour ?? null) : null;
      this.cameraRegion = null;
      this.still = motion !== null && this.regions?.active === true && this.motionIsStill();
    }
    if (!camera || !keep) return null;
    if (this.settings().detail === 0) {
      // Here for the regions alone: the guide is Detail's, and starts afresh when Detail is back.
      this.passes.resetGuide();
      return null;
    }
    if (!('data' in camera)) throw new Error('The pixel quality chain reads camera pixels, not bitmaps');
    const [height, width] = motion ? motion.shape : [0, 0];
    const kernels = this.passes.processingKernels;
    const motionPlane = motion ? (kernels?.motionPlane() ?? { values: motion.dataSync() as Float32Array, width, height }) : null;
    this.passes.updateGuide(camera, motionPlane, STILL_INPUT_WEIGHT);
    return null;
  }

  override get sceneStill(): boolean {
    return this.still;
  }

  /** Under STILL_SCENE_MOVING_SHARE of this frame's pixels moved for sure (Reduce flicker's motion mask, in the kernels' memory). */
  private motionIsStill(): boolean {
    const motion = this.passes.processingKernels?.motionPlane();
    if (!motion || motion.values.length === 0) return false;
    let moved = 0;
    for (let index = 0; index < motion.values.length; index++) if (motion.values[index]! >= STILL_SCENE_MOVED) moved++;
    return moved < STILL_SCENE_MOVING_SHARE * motion.values.length;
  }

  protected override stabilizeInput(pixels: tf.Tensor3D, keep: boolean): { input: tf.Tensor3D; motion: tf.Tensor3D } {
    return this.passes.processingKernels?.stabilizeInput(pixels, keep) ?? super.stabilizeInput(pixels, keep);
  }

  protected override stabilizeOutput(stylized: tf.Tensor3D, motion: tf.Tensor3D, keep: boolean): tf.Tensor3D {
    return this.passes.processingKernels?.stabilizeOutput(stylized, keep) ?? super.stabilizeOutput(stylized, motion, keep);
  }

  protected override composeOverCamera(stylized: tf.Tensor3D, weights: tf.Tensor3D, input: tf.Tensor3D, cameraPicture: () => tf.Tensor3D): tf.Tensor3D {
    const kernels = this.passes.processingKernels;
    if (kernels && this.cameraPlanes) {
      // Left to `present`, at the output size over the camera's own pixels: the weights' values are kept for it.
      const values = tensorValues(weights) as Float32Array;
      if (this.weightValues.length !== values.length) this.weightValues = new Float32Array(values.length);
      this.weightValues.set(values);
      this.cameraRegion = { weights: this.weightValues, colour: this.cameraPlanes };
      return stylized;
    }
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
    const region = this.cameraRegion;
    this.cameraRegion = null;
    const kernels = this.passes.processingKernels;
    const detail = this.settings().detail;
    try {
      // The camera's planes come at the output size (the frame source reads them only there).
      if (region && kernels && region.colour.width === output.width && region.colour.height === output.height) {
        return kernels.composeOverCameraPlanes(finished, output, detail, region);
      }
      return this.passes.compose(finished, output, detail);
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
