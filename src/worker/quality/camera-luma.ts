import * as tf from '@tensorflow/tfjs';
import { luma } from './colour-space';
import type { YuvPicture } from './yuv-picture';

/** The luma (Y) plane of a camera frame, 8-bit, tightly packed. */
export interface LumaPlane {
  data: Uint8Array;
  width: number;
  height: number;
  /** Y spans 0..255 (full range) rather than video's 16..235. */
  fullRange: boolean;
  /**
   * The whole frame's planes, when it came as YUV 4:2:0 at this size: Person only / Background
   * only take the unstylized region's pixels from them at full resolution. Valid until the frame
   * source reads its next frame (a frame is presented before the next one is imported).
   */
  colour?: YuvPicture;
}

/**
 * The camera frame at the output size, as the frame source hands it over for Detail: the Y plane of
 * a YUV camera frame, or RGBA pixels (a bitmap on GPU backends).
 */
export type CameraImage = ImageData | ImageBitmap | LumaPlane;

/** Video's luma spans 16..235 (219 levels) unless the frame says it is full range. */
const VIDEO_LUMA_RANGE = 219;

/** How many 8-bit steps of a Y plane make the black-to-white range. */
export function lumaRange(plane: LumaPlane): number {
  return plane.fullRange ? 255 : VIDEO_LUMA_RANGE;
}

/**
 * The output-size camera copy as [H,W,1] luma on the backend, scaled so one unit is the full
 * black-to-white range. A Y plane keeps video's black level as an offset (16/219): the only stage
 * that reads this luma is Detail's high-pass, which an offset cannot change, and the rescale alone
 * costs a full-size op.
 */
export function importCameraLuma(camera: CameraImage): tf.Tensor3D {
  if (!('fullRange' in camera)) {
    // RGBA: the four channels import with one native copy instead of a per-pixel loop that drops
    // alpha (CPU backends); the luma ignores alpha.
    return tf.tidy(() => luma(tf.browser.fromPixels(camera, 4), 1 / 255));
  }
  // Float from the start: int32 tensors take tfjs-wasm's slow paths (4.2 ms against 1.6 ms at
  // 640×480 for the import and the rescale, Node, one thread).
  return tf.tidy(() => tf.tensor3d(new Float32Array(camera.data), [camera.height, camera.width, 1]).mul(1 / lumaRange(camera)));
}
