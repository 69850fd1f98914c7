import * as tf from '@tensorflow/tfjs';
import type { CameraFrame } from '../../shared/protocol';
import { luma } from '../quality/colour-space';

/** The luma (Y) plane of a camera frame, 8-bit, tightly packed. */
export interface LumaPlane {
  data: Uint8Array;
  width: number;
  height: number;
  /** Y spans 0..255 (full range) rather than video's 16..235. */
  fullRange: boolean;
}

/** Formats whose first plane is the luma at full resolution. */
const PLANAR_YUV = new Set<string>(['I420', 'I420A', 'I422', 'I444', 'NV12']);

/**
 * Reads the Y plane of a YUV camera frame (what webcams deliver: I420 or NV12) with one native
 * copy: 0.1 ms at 640×480 against 9 ms for drawing the frame into a 2D canvas and reading its
 * RGBA back (Chromium 156, measured in a worker). The buffer is reused across frames. Null when
 * the frame is not planar YUV (screen capture, pictures) or its pixels are not square, so the
 * caller takes the canvas path.
 */
export class LumaPlaneReader {
  private buffer = new Uint8Array(0);
  private plane = new Uint8Array(0);

  async read(frame: CameraFrame): Promise<LumaPlane | null> {
    if (!('format' in frame) || frame.format === null || !PLANAR_YUV.has(frame.format)) return null;
    const { width, height } = frame.visibleRect ?? { width: frame.codedWidth, height: frame.codedHeight };
    if (width !== frame.displayWidth || height !== frame.displayHeight) return null;
    const size = frame.allocationSize();
    if (this.buffer.length < size) this.buffer = new Uint8Array(size);
    const [luma] = await frame.copyTo(this.buffer);
    if (!luma) return null;
    if (this.plane.length !== width * height) this.plane = new Uint8Array(width * height);
    if (luma.stride === width) this.plane.set(this.buffer.subarray(luma.offset, luma.offset + width * height));
    // Padded rows: one copy per row, not per pixel.
    else for (let row = 0; row < height; row++) this.plane.set(this.buffer.subarray(luma.offset + row * luma.stride, luma.offset + row * luma.stride + width), row * width);
    return { data: this.plane, width, height, fullRange: frame.colorSpace?.fullRange === true };
  }
}

/** Video's luma spans 16..235 (219 levels) unless the frame says it is full range. */
const VIDEO_LUMA_RANGE = 219;

/**
 * The output-size camera copy as [H,W,1] luma on the backend, scaled so one unit is the full
 * black-to-white range. A Y plane keeps video's black level as an offset (16/219): the only stage
 * that reads this luma is Detail's high-pass, which an offset cannot change, and the rescale alone
 * costs a full-size op.
 */
export function importCameraLuma(camera: ImageData | ImageBitmap | LumaPlane): tf.Tensor3D {
  if (!('fullRange' in camera)) {
    // RGBA: the four channels import with one native copy instead of a per-pixel loop that drops
    // alpha (CPU backends); the luma ignores alpha.
    return tf.tidy(() => luma(tf.browser.fromPixels(camera, 4), 1 / 255));
  }
  // Float from the start: int32 tensors take tfjs-wasm's slow paths (4.2 ms against 1.6 ms at
  // 640×480 for the import and the rescale, Node, one thread).
  const range = camera.fullRange ? 255 : VIDEO_LUMA_RANGE;
  return tf.tidy(() => tf.tensor3d(new Float32Array(camera.data), [camera.height, camera.width, 1]).mul(1 / range));
}
