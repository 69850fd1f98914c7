import type { Size } from '../../geometry/frame-sizes';
import { lumaRange, type LumaPlane } from '../camera-luma';
import { LUMA_WEIGHTS } from '../colour-space';
import type { OutputPasses } from '../output-passes';
import type { Plane } from '../pixel-output';

/** What `pixel-kernels.as.ts` exports (addresses are byte offsets into its memory; 0 means none). */
interface PixelKernelExports {
  memory: WebAssembly.Memory;
  steadyLuma(
    camera: number, rgba: number, width: number, height: number, values: number,
    red: number, green: number, blue: number,
    motion: number, motionWidth: number, motionHeight: number, stillWeight: number, scratch: number,
  ): void;
  lowPass(stylized: number, width: number, height: number, out: number, detail: number, guide: number, guideWidth: number, guideHeight: number, scratch: number): void;
  compose(picture: number, pictureWidth: number, pictureHeight: number, width: number, height: number, detail: number, guide: number, out: number, scratch: number): void;
}

const PAGE_BYTES = 65536;
/** Where the guide starts: above 0, which the kernels read as "none". */
const FIRST_ADDRESS = 64;
/** SIMD loads are fastest on 16-byte boundaries; `lowPass` also reads one float past the stylized frame. */
const ALIGNMENT = 16;

const aligned = (bytes: number): number => Math.ceil(bytes / ALIGNMENT) * ALIGNMENT;

/** Room for the kernels' sample tables and two resampled rows (see `compose` in the kernels). */
const scratchBytes = (width: number, height: number): number => aligned(12 * (width + height) + 32 * width);

/**
 * The output passes in WebAssembly SIMD (`pixel-kernels.as.ts`). One instance per chain: its
 * memory holds the guide between frames (at a fixed address) and, during a call, that call's
 * buffers after it; frames are copied in and the RGBA out, each a plain memory copy.
 */
export class SimdOutputPasses implements OutputPasses {
  readonly kind = 'wasm-simd';
  private guideSize: Size = { width: 0, height: 0 };
  private hasHistory = false;
  private readonly images: (ImageData | null)[] = [null, null];
  private turn = 0;

  private constructor(private readonly kernels: PixelKernelExports) {}

  /** A new instance of the compiled kernels, with its own memory. */
  static async create(module: WebAssembly.Module): Promise<SimdOutputPasses> {
    const instance = await WebAssembly.instantiate(module, {});
    return new SimdOutputPasses(instance.exports as unknown as PixelKernelExports);
  }

  updateGuide(camera: ImageData | LumaPlane, motion: Plane | null, stillWeight: number): void {
    const { width, height } = camera;
    if (width !== this.guideSize.width || height !== this.guideSize.height) {
      this.guideSize = { width, height };
      this.hasHistory = false;
    }
    const history = this.hasHistory && motion !== null;
    const cameraAt = FIRST_ADDRESS + aligned(width * height * 4);
    const motionAt = cameraAt + aligned(camera.data.length);
    const scratchAt = motionAt + (history ? aligned(motion.values.length * 4) : 0);
    const buffer = this.reserve(scratchAt + scratchBytes(width, height));
    new Uint8Array(buffer, cameraAt, camera.data.length).set(camera.data);
    if (history) new Float32Array(buffer, motionAt, motion.values.length).set(motion.values);
    const rgba = !('fullRange' in camera);
    const scale = rgba ? 1 / 255 : 1 / lumaRange(camera);
    const [red, green, blue] = rgba ? LUMA_WEIGHTS.map((weight) => weight * scale) : [scale, 0, 0];
    this.kernels.steadyLuma(
      cameraAt, rgba ? 1 : 0, width, height, FIRST_ADDRESS, red!, green!, blue!,
      history ? motionAt : 0, motion?.width ?? 0, motion?.height ?? 0, stillWeight, scratchAt,
    );
    this.hasHistory = motion !== null;
  }

  resetGuide(): void {
    this.hasHistory = false;
  }

  compose(stylized: Float32Array, size: Size, output: Size, detail: number): ImageData {
    const guide = this.guideSize;
    // A guide from before a change of output size (Detail just switched on) is not this frame's.
    const withDetail = detail > 0 && guide.width === output.width && guide.height === output.height;
    const stylizedAt = FIRST_ADDRESS + aligned(guide.width * guide.height * 4);
    const pictureAt = stylizedAt + aligned(stylized.length * 4 + 4);
    const scratchAt = pictureAt + aligned(size.width * size.height * 16);
    const outAt = scratchAt + scratchBytes(Math.max(size.width, output.width), Math.max(size.height, output.height));
    const outBytes = output.width * output.height * 4;
    const buffer = this.reserve(outAt + outBytes);
    new Float32Array(buffer, stylizedAt, stylized.length).set(stylized);
    const guideAt = withDetail ? FIRST_ADDRESS : 0;
    this.kernels.lowPass(stylizedAt, size.width, size.height, pictureAt, detail, guideAt, guide.width, guide.height, scratchAt);
    this.kernels.compose(pictureAt, size.width, size.height, output.width, output.height, detail, guideAt, outAt, scratchAt);
    const image = this.nextImage(output);
    image.data.set(new Uint8ClampedArray(buffer, outAt, outBytes));
    return image;
  }

  dispose(): void {
    this.images.fill(null);
    this.guideSize = { width: 0, height: 0 };
    this.hasHistory = false;
  }

  /** Grows the memory to at least `bytes` and returns its buffer (growing replaces it). */
  private reserve(bytes: number): ArrayBuffer {
    const { memory } = this.kernels;
    const missing = Math.ceil((bytes - memory.buffer.byteLength) / PAGE_BYTES);
    if (missing > 0) memory.grow(missing);
    return memory.buffer;
  }

  /** Two images used in turn: a frame may still be on its way to the canvas while the next is composed. */
  private nextImage(output: Size): ImageData {
    this.turn = 1 - this.turn;
    const kept = this.images[this.turn];
    if (kept && kept.width === output.width && kept.height === output.height) return kept;
    const image = new ImageData(output.width, output.height);
    this.images[this.turn] = image;
    return image;
  }
}
