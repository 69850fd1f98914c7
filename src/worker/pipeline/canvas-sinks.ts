import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { OutputFrame } from '../quality/quality-chain';

/** Sink stage: puts a finished frame (a [H,W,3] 0..1 tensor, or RGBA pixels) on the output canvas. */
export interface FrameSink {
  /**
   * Hands the frame over at once (a tensor is the sink's from here: it disposes it); resolves when
   * it is on the canvas. Frames land in call order.
   */
  draw(frame: OutputFrame): Promise<void>;
  destroy(): void;
}

/**
 * WebGPU: tfjs's Draw kernel writes the tensor straight into the canvas's swap-chain texture,
 * so the frame never leaves the GPU. Waiting for the queue to drain is the back-pressure that
 * stops frames from piling up on the GPU, without reading anything back.
 */
class WebGpuCanvasSink implements FrameSink {
  constructor(private readonly canvas: OffscreenCanvas) {}

  async draw(frame: OutputFrame): Promise<void> {
    if (!(frame instanceof tf.Tensor)) throw new Error('The WebGPU canvas sink draws tensors');
    try {
      tf.browser.draw(frame, this.canvas as unknown as HTMLCanvasElement);
    } finally {
      frame.dispose();
    }
    // Settles in submission order, so frames finish in the order they were drawn.
    await (tf.backend() as WebGPUBackend).device.queue.onSubmittedWorkDone();
  }

  destroy(): void {}
}

/**
 * CPU-side backends (WASM, CPU) hand over RGBA pixels (PixelQualityChain) that go straight onto
 * the canvas; WebGL has no GPU draw path in tfjs, and software WebGPU adapters cannot present, so
 * those two pay one readback of a tensor here.
 */
class PixelCanvasSink implements FrameSink {
  private readonly context: OffscreenCanvasRenderingContext2D;
  private imageData: ImageData | null = null;
  /** The last draw: with two frames in flight, a later frame's read may finish first but is put after. */
  private previous: Promise<void> = Promise.resolve();

  constructor(private readonly canvas: OffscreenCanvas) {
    const context = canvas.getContext('2d', { alpha: false });
    if (!context) throw new Error('2D canvas is not available in this worker');
    this.context = context;
  }

  draw(frame: OutputFrame): Promise<void> {
    if (!(frame instanceof tf.Tensor)) {
      const drawn = this.previous.then(() => this.putPixels(frame));
      this.previous = drawn.catch(() => {});
      return drawn;
    }
    const [height, width] = frame.shape;
    // Started now, so that the read overlaps whatever the thread does next.
    const values = frame.data().finally(() => frame.dispose());
    const drawn = Promise.all([values, this.previous]).then(([pixels]) => this.put(pixels as Float32Array, width, height));
    this.previous = drawn.catch(() => {});
    return drawn;
  }

  private putPixels(image: ImageData): void {
    this.fitCanvas(image.width, image.height);
    this.context.putImageData(image, 0, 0);
  }

  private fitCanvas(width: number, height: number): void {
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
  }

  private put(values: Float32Array, width: number, height: number): void {
    if (this.imageData?.width !== width || this.imageData.height !== height) {
      // Reused across frames; reallocated only when the output size changes.
      this.imageData = new ImageData(width, height);
    }
    this.fitCanvas(width, height);
    const rgba = this.imageData.data;
    for (let src = 0, dst = 0; src < values.length; src += 3, dst += 4) {
      rgba[dst] = (values[src] ?? 0) * 255;
      rgba[dst + 1] = (values[src + 1] ?? 0) * 255;
      rgba[dst + 2] = (values[src + 2] ?? 0) * 255;
      rgba[dst + 3] = 255;
    }
    this.context.putImageData(this.imageData, 0, 0);
  }

  destroy(): void {
    this.imageData = null;
  }
}

/** `gpu-texture` needs the WebGPU backend on a hardware adapter; `pixels` works everywhere. */
type SinkKind = 'gpu-texture' | 'pixels';

export function createCanvasSink(kind: SinkKind, canvas: OffscreenCanvas): FrameSink {
  return kind === 'gpu-texture' ? new WebGpuCanvasSink(canvas) : new PixelCanvasSink(canvas);
}
