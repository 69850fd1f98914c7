import type { CameraFrame } from '../../shared/protocol';
import type { LumaPlane } from '../quality/camera-luma';

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
