import type { CameraFrame } from '../../shared/protocol';
import type { CameraImage } from '../quality/camera-luma';
import { LumaPlaneReader } from './luma-plane';
import { outputSize, processingSize, type Size } from '../geometry/frame-sizes';

function frameSize(frame: CameraFrame): { width: number; height: number } {
  return 'displayWidth' in frame
    ? { width: frame.displayWidth, height: frame.displayHeight }
    : { width: frame.width, height: frame.height };
}

/** Pixels at processing size, ready for tf.browser.fromPixels, and how to free them. */
export interface ScaledFrame {
  pixels: ImageData | ImageBitmap;
  /**
   * The frame at the output size, when asked for (Detail takes its luma): the Y plane of a YUV
   * camera frame at its own size, or RGBA pixels (GPU backends, other frames, a smaller cap).
   */
  camera: CameraImage | null;
  /** The camera frame's own size. */
  source: { width: number; height: number };
  release(): void;
}

/**
 * Source stage: scales a camera frame to the processing size.
 * GPU backends get an ImageBitmap scaled by the browser on the GPU, which WebGPU copies into a
 * texture directly. CPU-side backends get the pixels of a canvas that lives as long as the worker.
 * Some software WebGPU adapters refuse the GPU copy; `useCpuCopy` switches to the CPU path for good.
 */
export class FrameScaler {
  /** One canvas per size read each frame (processing, output), reused while the sizes hold. */
  private readonly canvases = [new PixelReader(), new PixelReader()] as const;
  private readonly lumaPlane = new LumaPlaneReader();

  constructor(private gpuBackend: boolean) {}

  get gpuCopy(): boolean {
    return this.gpuBackend;
  }

  useCpuCopy(): void {
    this.gpuBackend = false;
  }

  /**
   * The caller still owns and closes `frame`. `outputShortSide`: also read the frame at that size
   * (capped at its own), for the stages that take detail or colour from the camera; null skips it.
   */
  async scale(frame: CameraFrame, shortSide: number, outputShortSide: number | null = null): Promise<ScaledFrame> {
    const source = frameSize(frame);
    const size = processingSize(source.width, source.height, shortSide);
    const output = outputShortSide === null ? null : outputSize(source.width, source.height, outputShortSide);
    if (this.gpuBackend) {
      const resize = (to: Size) => createImageBitmap(frame, { resizeWidth: to.width, resizeHeight: to.height, resizeQuality: 'medium' });
      const [bitmap, camera] = await Promise.all([resize(size), output ? resize(output) : null]);
      return { pixels: bitmap, camera, source, release: () => (bitmap.close(), camera?.close()) };
    }
    const pixels = this.canvases[0].read(frame, size);
    const atSourceSize = output !== null && output.width === source.width && output.height === source.height;
    const camera = output ? ((atSourceSize ? await this.lumaPlane.read(frame) : null) ?? this.canvases[1].read(frame, output)) : null;
    return { pixels, camera, source, release: () => {} };
  }

  destroy(): void {
    for (const canvas of this.canvases) canvas.destroy();
  }
}

/** A 2D canvas that reads a frame's pixels at a given size. */
class PixelReader {
  private readonly canvas = new OffscreenCanvas(4, 4);
  private readonly context: OffscreenCanvasRenderingContext2D;

  constructor() {
    const context = this.canvas.getContext('2d', { willReadFrequently: true, alpha: false });
    if (!context) throw new Error('2D canvas is not available in this worker');
    this.context = context;
  }

  read(frame: CameraFrame, size: Size): ImageData {
    if (this.canvas.width !== size.width || this.canvas.height !== size.height) {
      this.canvas.width = size.width;
      this.canvas.height = size.height;
    }
    this.context.drawImage(frame, 0, 0, size.width, size.height);
    return this.context.getImageData(0, 0, size.width, size.height);
  }

  destroy(): void {
    this.canvas.width = this.canvas.height = 1;
  }
}
