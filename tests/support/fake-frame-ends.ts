import * as tf from '@tensorflow/tfjs';
import type { CameraFrame } from '../../src/shared/protocol';
import type { FrameSink } from '../../src/worker/pipeline/canvas-sinks';
import type { FrameSource } from '../../src/worker/pipeline/frame-pipeline';
import type { ScaledFrame } from '../../src/worker/pipeline/frame-scaler';
import type { OutputFrame } from '../../src/worker/quality/quality-chain';

// Stand-ins for a frame pipeline's two ends (a camera frame, the scaler, the canvas sink), for the
// unit tests of what sits between them on tfjs's CPU backend.

export class FakeFrame {
  closed = false;
  readonly displayWidth = 64;
  readonly displayHeight = 48;
  close() {
    this.closed = true;
  }
}

/** Scales to `width`×`height` of a flat grey; can refuse the GPU copy like some software adapters. */
export class FakeSource implements FrameSource {
  gpuCopy: boolean;
  refuseGpuImport: boolean;
  destroyed = false;
  released = 0;
  constructor(gpuCopy = false, refuseGpuImport = false) {
    this.gpuCopy = gpuCopy;
    this.refuseGpuImport = refuseGpuImport;
  }
  async scale(_frame: CameraFrame, shortSide: number, outputShortSide: number | null): Promise<ScaledFrame> {
    const grey = (height: number) => {
      const width = Math.round((height * 4) / 3);
      return { width, height, data: new Uint8Array(width * height * 4).fill(128) } as unknown as ImageData;
    };
    // fromPixels of a GPU bitmap that the adapter refuses: the shape tfjs rejects.
    const pixels = this.gpuCopy && this.refuseGpuImport ? ({} as ImageData) : grey(shortSide);
    this.cameraSizes.push(outputShortSide);
    const camera = outputShortSide === null ? null : grey(outputShortSide);
    return { pixels, camera, source: { width: 64, height: 48 }, path: this.gpuCopy ? 'gpu-bitmap' : 'canvas', snapshot: () => Promise.reject(new Error('no bitmaps in Node')), release: () => this.released++ };
  }
  /** The output size each frame was also read at (null: not read at the output size). */
  cameraSizes: (number | null)[] = [];
  useCpuCopy() {
    this.gpuCopy = false;
  }
  destroy() {
    this.destroyed = true;
  }
}

export class FakeSink implements FrameSink {
  drawn: number[][] = [];
  /** The last tensor drawn, read before it was disposed. */
  lastTensor: { shape: number[]; values: Float32Array } | null = null;
  destroyed = false;
  /** Tensors: [H,W,3]; RGBA pixels: [H,W,4]. A tensor is the sink's to dispose. */
  async draw(frame: OutputFrame) {
    if (frame instanceof tf.Tensor) {
      this.drawn.push(frame.shape);
      this.lastTensor = { shape: frame.shape, values: frame.dataSync() as Float32Array };
      frame.dispose();
    } else this.drawn.push([frame.height, frame.width, 4]);
  }
  destroy() {
    this.destroyed = true;
  }
}
