import type { CameraFrame } from '../../shared/protocol';
import { processingSize } from './processing-size';

function frameSize(frame: CameraFrame): { width: number; height: number } {
  return 'displayWidth' in frame
    ? { width: frame.displayWidth, height: frame.displayHeight }
    : { width: frame.width, height: frame.height };
}

/** Pixels at processing size, ready for tf.browser.fromPixels, and how to free them. */
export interface ScaledFrame {
  pixels: ImageData | ImageBitmap;
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
  private readonly canvas = new OffscreenCanvas(4, 4);
  private readonly context: OffscreenCanvasRenderingContext2D;

  constructor(private gpuBackend: boolean) {
    const context = this.canvas.getContext('2d', { willReadFrequently: true, alpha: false });
    if (!context) throw new Error('2D canvas is not available in this worker');
    this.context = context;
  }

  get gpuCopy(): boolean {
    return this.gpuBackend;
  }

  useCpuCopy(): void {
    this.gpuBackend = false;
  }

  /** The caller still owns and closes `frame`. */
  async scale(frame: CameraFrame, shortSide: number): Promise<ScaledFrame> {
    const source = frameSize(frame);
    const size = processingSize(source.width, source.height, shortSide);
    if (this.gpuBackend) {
      const bitmap = await createImageBitmap(frame, { resizeWidth: size.width, resizeHeight: size.height, resizeQuality: 'medium' });
      return { pixels: bitmap, source, release: () => bitmap.close() };
    }
    if (this.canvas.width !== size.width || this.canvas.height !== size.height) {
      this.canvas.width = size.width;
      this.canvas.height = size.height;
    }
    this.context.drawImage(frame, 0, 0, size.width, size.height);
    return { pixels: this.context.getImageData(0, 0, size.width, size.height), source, release: () => {} };
  }

  destroy(): void {
    this.canvas.width = this.canvas.height = 1;
  }
}
