import type { CameraFrame } from '../shared/protocol';
import { processingSize } from './processing-size';

function frameSize(frame: CameraFrame): { width: number; height: number } {
  return 'displayWidth' in frame
    ? { width: frame.displayWidth, height: frame.displayHeight }
    : { width: frame.width, height: frame.height };
}

/**
 * Source stage: scales a camera frame to the processing size on a canvas that lives as long as
 * the worker, so no per-frame canvas or buffer is allocated. tfjs then reads the canvas
 * (a GPU texture copy on WebGPU/WebGL, getImageData on WASM/CPU).
 */
export class FrameScaler {
  readonly canvas = new OffscreenCanvas(4, 4);
  private readonly context: OffscreenCanvasRenderingContext2D;

  constructor(cpuBackend: boolean) {
    const context = this.canvas.getContext('2d', { willReadFrequently: cpuBackend, alpha: false });
    if (!context) throw new Error('2D canvas is not available in this worker');
    this.context = context;
  }

  /** Draws `frame` scaled; the caller still owns and closes the frame. */
  draw(frame: CameraFrame, shortSide: number): OffscreenCanvas {
    const source = frameSize(frame);
    const size = processingSize(source.width, source.height, shortSide);
    if (this.canvas.width !== size.width || this.canvas.height !== size.height) {
      this.canvas.width = size.width;
      this.canvas.height = size.height;
    }
    this.context.drawImage(frame, 0, 0, size.width, size.height);
    return this.canvas;
  }

  destroy(): void {
    this.canvas.width = this.canvas.height = 1;
  }
}
