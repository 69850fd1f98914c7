import type * as tf from '@tensorflow/tfjs';
import type { OutputPassesKind } from '../../shared/protocol';
import type { Size } from '../geometry/frame-sizes';
import type { LumaPlane } from './camera-luma';
import { DetailComposer, SteadyCameraLuma, type Plane } from './pixel-output';
import type { MaskRefiner } from './region-mask';
import type { YuvPicture } from './yuv-picture';

/**
 * The output-size passes of the CPU-side quality chain: the camera guide steadied over time, and
 * the upsampling with Detail into 8-bit RGBA. Two implementations give the same picture within one
 * level: scalar JS loops (`ScalarOutputPasses`, the reference and the fallback) and WebAssembly SIMD
 * (`SimdOutputPasses`, four pixels at a time). The passes own the guide they keep between frames.
 */
export interface OutputPasses {
  /** Which implementation runs (the backend report names it). */
  readonly kind: OutputPassesKind;
  /** Reduce flicker and the regions' composing at the processing size beside these passes, or null for the chain's tensor ops. */
  readonly processingKernels: ProcessingSizeKernels | null;
  /** The person mask refined on the frame beside these passes, or null for `refineMask`'s tensor ops. */
  readonly refiner: MaskRefiner | null;
  /** Folds a camera frame into the guide: see `SteadyCameraLuma.update`. */
  updateGuide(camera: ImageData | LumaPlane, motion: Plane | null, stillWeight: number): void;
  /** Forgets the guide's history (the next frame is taken as it is). */
  resetGuide(): void;
  /**
   * The stylized frame ([h,w,3], 0..1; the caller still owns it) upsampled to `output` with `detail`
   * of the guide's fine detail (when it has the output's size), as 8-bit RGBA. The image is owned by
   * the passes and valid until the next call but one.
   */
  compose(stylized: tf.Tensor3D, output: Size, detail: number): ImageData;
  dispose(): void;
}

/**
 * The processing-size stages as pixel kernels: Reduce flicker (`TemporalStabilizer`'s input and
 * output sides) and Person only / Background only's composing over the camera. They keep Reduce
 * flicker's references themselves and drop them all on a new size (and the passes' guide history
 * with them, as the tensor chain does).
 */
export interface ProcessingSizeKernels {
  stabilizeInput(frame: tf.Tensor3D, keep: boolean): { input: tf.Tensor3D; motion: tf.Tensor3D };
  /** Blends into the previous output by this frame's motion (from `stabilizeInput`). Call inside a tf.tidy. */
  stabilizeOutput(stylized: tf.Tensor3D, keep: boolean): tf.Tensor3D;
  /** The frame's pixels as `tf.browser.fromPixels` gives them, but float (RGB 0..255, [h,w,3]); a YUV frame scaled to its `to` size. */
  importPixels(image: ImageData | YuvPicture): tf.Tensor3D;
  /** `composeRegions(stylized, input / 255, weights)`: the frame's input (0..255) where `weights` is 0. Call inside a tf.tidy. */
  composeOverCamera(stylized: tf.Tensor3D, input: tf.Tensor3D, weights: tf.Tensor3D): tf.Tensor3D;
  /** This frame's motion mask as the passes can read it in place, for `updateGuide`. */
  motionPlane(): Plane;
  /**
   * `compose` for Person only / Background only: the stylized frame upsampled with Detail and
   * blended by the region's weights over the camera's own pixels at the output size (`region.colour`
   * has the output's size), so the unstylized region keeps the camera's full resolution.
   */
  composeOverCameraPlanes(stylized: tf.Tensor3D, output: Size, detail: number, region: CameraRegion): ImageData;
  resetOutput(): void;
  resetAll(): void;
}

/** The region's weights (0..1, one a pixel at the processing size) and the camera's own planes at the output size. */
export interface CameraRegion {
  weights: Float32Array;
  colour: YuvPicture;
}

/** Whether passes of this kind import YUV camera frames themselves (the kernels scale and convert them; see `FrameScaler`). */
export const importsYuv = (kind: OutputPassesKind | null | undefined): boolean => kind === 'wasm-simd';

/** The passes as plain JS loops (`pixel-output.ts`). */
export class ScalarOutputPasses implements OutputPasses {
  readonly kind = 'js';
  /** Scalar JS loops lose to XNNPACK's pooling at the processing size, so the chain keeps its tensor ops there. */
  readonly processingKernels = null;
  readonly refiner = null;
  private readonly guide = new SteadyCameraLuma();
  private readonly composer = new DetailComposer();

  updateGuide(camera: ImageData | LumaPlane, motion: Plane | null, stillWeight: number): void {
    this.guide.update(camera, motion, stillWeight);
  }

  resetGuide(): void {
    this.guide.reset();
  }

  compose(stylized: tf.Tensor3D, output: Size, detail: number): ImageData {
    const [height, width] = stylized.shape;
    return this.composer.compose(stylized.dataSync() as Float32Array, { width, height }, output, detail, detail > 0 ? this.guide.luma : null);
  }

  dispose(): void {
    this.guide.dispose();
    this.composer.dispose();
  }
}
