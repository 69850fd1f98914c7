import type { Size } from '../../geometry/frame-sizes';

/** What `pixel-kernels.as.ts` exports (addresses are byte offsets into its memory; 0 means none). */
export interface PixelKernelExports {
  memory: WebAssembly.Memory;
  steadyLuma(
    camera: number, rgba: number, width: number, height: number, values: number,
    red: number, green: number, blue: number,
    motion: number, motionWidth: number, motionHeight: number, stillWeight: number, scratch: number,
  ): void;
  lowPass(stylized: number, width: number, height: number, out: number, detail: number, guide: number, guideWidth: number, guideHeight: number, scratch: number, weights: number): void;
  compose(
    picture: number, pictureWidth: number, pictureHeight: number, width: number, height: number,
    detail: number, guide: number, out: number, scratch: number,
    frame: number, interleaved: number, yOffset: number, yStride: number, uOffset: number, uStride: number, vOffset: number, vStride: number,
    fullRange: number, red: number, blue: number,
  ): void;
  composeOverCamera(camera: number, stylized: number, weights: number, count: number, out: number): void;
  rgbFromRgba(rgba: number, count: number, out: number): void;
  rgbFromYuv(
    frame: number, interleaved: number, width: number, height: number,
    yOffset: number, yStride: number, uOffset: number, uStride: number, vOffset: number, vStride: number,
    fullRange: number, red: number, blue: number, out: number, outWidth: number, outHeight: number, scratch: number,
  ): void;
  gatedBlend(previous: number, next: number, motion: number, count: number, stillWeight: number, out: number): void;
  refineMask(
    frame: number, frameIsInt: number, width: number, height: number, mask: number, maskWidth: number, maskHeight: number,
    out: number, smallWidth: number, smallHeight: number, radius: number, epsilon: number, edgeLow: number, edgeHigh: number,
    red: number, green: number, blue: number, scratch: number,
  ): void;
  stabilizeInput(
    frame: number, frameIsInt: number, reference: number, hasReference: number, width: number, height: number,
    out: number, motion: number, stillWeight: number, scratch: number,
    red: number, green: number, blue: number,
    blurRadius: number, grid: number, noisePerLevel: number, noiseFloor: number, motionPerLevel: number, motionFloor: number,
  ): void;
}

const PAGE_BYTES = 65536;
/** Where the first buffer starts: above 0, which the kernels read as "none". */
const FIRST_ADDRESS = 64;
/** SIMD loads are fastest on 16-byte boundaries; some kernels read one float past an RGB frame. */
const ALIGNMENT = 16;

export const aligned = (bytes: number): number => Math.ceil(bytes / ALIGNMENT) * ALIGNMENT;

/** An RGB f32 frame of `count` pixels, with the float the kernels may read past its end. */
export const rgbBytes = (count: number): number => aligned(count * 12 + 4);

/**
 * Where the kernels' buffers lie. What is kept between frames comes first, at addresses that only
 * move when a size changes (which drops that history anyway): the processing-size references of
 * Reduce flicker (input, output, this frame's motion), then the output-size camera guide. Each
 * call's own buffers follow from `callArea`.
 */
export class KernelMemory {
  processing: Size = { width: 0, height: 0 };
  guide: Size = { width: 0, height: 0 };

  constructor(private readonly memory: WebAssembly.Memory) {}

  get inputReference(): number {
    return FIRST_ADDRESS;
  }
  get outputReference(): number {
    return this.inputReference + rgbBytes(this.processingCount);
  }
  get motion(): number {
    return this.outputReference + rgbBytes(this.processingCount);
  }
  get guideAt(): number {
    return this.motion + aligned(this.processingCount * 4);
  }
  get callArea(): number {
    return this.guideAt + aligned(this.guide.width * this.guide.height * 4);
  }

  private get processingCount(): number {
    return this.processing.width * this.processing.height;
  }

  /** Grows the memory to at least `bytes` and returns its buffer (growing replaces it). */
  reserve(bytes: number): ArrayBuffer {
    const missing = Math.ceil((bytes - this.memory.buffer.byteLength) / PAGE_BYTES);
    if (missing > 0) this.memory.grow(missing);
    return this.memory.buffer;
  }

  /** `values` copied in at `at` (after `reserve`). */
  write(at: number, values: Float32Array | Int32Array | Uint8Array | Uint8ClampedArray): void {
    // A view of the same type: a set between types copies element by element.
    const View = values.constructor as new (buffer: ArrayBuffer, offset: number, length: number) => typeof values;
    new View(this.memory.buffer, at, values.length).set(values);
  }

  /** A view of `count` floats at `at`: valid until the memory grows. */
  view(at: number, count: number): Float32Array {
    return new Float32Array(this.memory.buffer, at, count);
  }

  /** Whether `values` lies in this memory (a view from `view`), and where. */
  addressOf(values: Float32Array): number | null {
    return values.buffer === this.memory.buffer ? values.byteOffset : null;
  }
}
