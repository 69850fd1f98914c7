import type { Size } from '../geometry/frame-sizes';
import { lumaRange, type LumaPlane } from './camera-luma';
import { LUMA_WEIGHTS } from './colour-space';

/**
 * The output-size half of the quality chain as plain loops over pixels, for the backends whose
 * tensors live in WebAssembly or JS memory: there a dozen tfjs ops at 640×480 each read and write
 * the whole frame (about 15 ms a frame on 2 cores, more than the fast network itself), where one
 * pass per stage does the same arithmetic. Every formula matches its tensor form in
 * `temporal-stabilizer.ts` and `detail-upsampler.ts`, down to the bilinear sampling positions of
 * tfjs's `resizeBilinear` (half-pixel centres), so both paths give the same picture
 * (`tests/unit/worker/quality/pixel-quality-chain.test.ts`).
 */

/** Where each sample along one axis reads from an axis of `from` samples (tfjs's resizeBilinear, half-pixel centres). */
interface AxisSamples {
  low: Int32Array;
  high: Int32Array;
  fraction: Float32Array;
}

function axisSamples(from: number, to: number): AxisSamples {
  const low = new Int32Array(to);
  const high = new Int32Array(to);
  const fraction = new Float32Array(to);
  const ratio = from / to;
  for (let index = 0; index < to; index++) {
    const position = (index + 0.5) * ratio - 0.5;
    const floor = Math.max(0, Math.floor(position));
    low[index] = floor;
    high[index] = Math.min(from - 1, Math.ceil(position));
    fraction[index] = position - floor;
  }
  return { low, high, fraction };
}

/** 0..1 → 0..255, rounded and clamped without branches (ties round up, where a clamped array rounds them to even). */
function toByte(value: number): number {
  let byte = (value * 255 + 0.5) | 0;
  byte &= ~(byte >> 31);
  byte |= (255 - byte) >> 31;
  return byte & 255;
}

/** Sampling tables by axis lengths: a frame size rarely changes, so they are built once per size pair. */
const axisCache = new Map<string, AxisSamples>();
const AXIS_CACHE_LIMIT = 32;

function samplesAlong(from: number, to: number): AxisSamples {
  const key = `${from}>${to}`;
  let samples = axisCache.get(key);
  if (!samples) {
    if (axisCache.size >= AXIS_CACHE_LIMIT) axisCache.clear();
    samples = axisSamples(from, to);
    axisCache.set(key, samples);
  }
  return samples;
}

/**
 * Rows of a small picture resampled across to the output width, two at a time: each output row
 * lerps between two of them, and consecutive output rows mostly share theirs, so every source row
 * is resampled across once per frame instead of for every output pixel.
 */
class AcrossRows {
  private held: [number, number] = [-1, -1];

  /** `rows`: two buffers of the output width × channels, owned by the caller and reused across frames. */
  constructor(
    private readonly source: Float32Array,
    private readonly sourceWidth: number,
    private readonly channels: number,
    private readonly columns: AxisSamples,
    private readonly rows: [Float32Array, Float32Array],
  ) {}

  /** Source row `row` resampled to the output width (`channels` values per pixel). */
  row(row: number): Float32Array {
    if (this.held[0] === row) return this.rows[0];
    if (this.held[1] === row) return this.rows[1];
    // Replace the row that is not the other one of the pair being read (rows advance downwards).
    const slot = this.held[0] < this.held[1] ? 0 : 1;
    this.fill(this.rows[slot], row);
    this.held[slot] = row;
    return this.rows[slot];
  }

  private fill(out: Float32Array, row: number): void {
    const { low, high, fraction } = this.columns;
    const source = this.source;
    const channels = this.channels;
    const start = row * this.sourceWidth * channels;
    for (let x = 0, o = 0; x < low.length; x++, o += channels) {
      const left = start + low[x]! * channels;
      const right = start + high[x]! * channels;
      const across = fraction[x]!;
      for (let c = 0; c < channels; c++) out[o + c] = source[left + c]! + (source[right + c]! - source[left + c]!) * across;
    }
  }
}

/** Two reusable row buffers of `length` values (reallocated when the length changes). */
function rowBuffers(kept: [Float32Array, Float32Array], length: number): [Float32Array, Float32Array] {
  return kept[0].length === length ? kept : [new Float32Array(length), new Float32Array(length)];
}

/** Read only when Detail has a guide: stands in for none, without a per-frame allocation. */
const NO_GUIDE = new Float32Array(0);

/** A single-channel plane at processing size, e.g. the motion mask. */
export interface Plane {
  values: Float32Array;
  width: number;
  height: number;
}

/**
 * The camera's luma at the output size (0..1 per black-to-white range), averaged over the last
 * frames where the picture stood still (Reduce flicker's camera guide, which Detail takes its fine
 * detail from). Owns the one buffer it keeps between frames; `reset` forgets its history.
 */
export class SteadyCameraLuma {
  private values = new Float32Array(0);
  private width = 0;
  private height = 0;
  private hasHistory = false;
  private rowBuffers: [Float32Array, Float32Array] = [new Float32Array(0), new Float32Array(0)];

  /** The luma after the last `update`, row by row at the camera frame's size; empty before the first. */
  get luma(): Plane {
    return { values: this.values, width: this.width, height: this.height };
  }

  /**
   * Folds a camera frame in: where `motion` (at the processing size, 0 still .. 1 moving) says
   * still, previous + stillWeight·(frame − previous); where it moved, or without history or
   * motion, the frame as is. Without `motion` (Reduce flicker off) no history is kept.
   */
  update(camera: ImageData | LumaPlane, motion: Plane | null, stillWeight: number): void {
    const { width, height } = camera;
    if (width !== this.width || height !== this.height) {
      this.values = new Float32Array(width * height);
      this.width = width;
      this.height = height;
      this.hasHistory = false;
    }
    const values = this.values;
    const pixels = camera.data;
    const rgba = !('fullRange' in camera);
    const scale = rgba ? 1 / 255 : 1 / lumaRange(camera);
    const [red, green, blue] = LUMA_WEIGHTS.map((weight) => weight * scale) as [number, number, number];
    if (!this.hasHistory || motion === null) {
      for (let index = 0; index < width * height; index++) {
        values[index] = rgba ? pixels[index * 4]! * red + pixels[index * 4 + 1]! * green + pixels[index * 4 + 2]! * blue : pixels[index]! * scale;
      }
    } else {
      this.rowBuffers = rowBuffers(this.rowBuffers, width);
      const rows = samplesAlong(motion.height, height);
      const across = new AcrossRows(motion.values, motion.width, 1, samplesAlong(motion.width, width), this.rowBuffers);
      const moving = 1 - stillWeight;
      for (let y = 0, index = 0; y < height; y++) {
        const upper = across.row(rows.low[y]!);
        const lower = across.row(rows.high[y]!);
        const down = rows.fraction[y]!;
        for (let x = 0; x < width; x++, index++) {
          const luma = rgba ? pixels[index * 4]! * red + pixels[index * 4 + 1]! * green + pixels[index * 4 + 2]! * blue : pixels[index]! * scale;
          const weight = (upper[x]! + (lower[x]! - upper[x]!) * down) * moving + stillWeight;
          const previous = values[index]!;
          values[index] = previous + (luma - previous) * weight;
        }
      }
    }
    this.hasHistory = motion !== null;
  }

  reset(): void {
    this.hasHistory = false;
  }

  dispose(): void {
    this.values = new Float32Array(0);
    this.width = this.height = 0;
    this.hasHistory = false;
  }
}

/**
 * Output images of one size used in turn: a frame may still be on its way to the canvas while the
 * next is composed. Replaced when the size changes.
 */
export class ImagesInTurn {
  private readonly images: (ImageData | null)[] = [null, null];
  private turn = 0;

  next(size: Size): ImageData {
    this.turn = 1 - this.turn;
    const kept = this.images[this.turn];
    if (kept && kept.width === size.width && kept.height === size.height) return kept;
    const image = new ImageData(size.width, size.height);
    this.images[this.turn] = image;
    return image;
  }

  clear(): void {
    this.images.fill(null);
  }
}

/**
 * Upsamples the stylized frame (RGB 0..1 at the processing size, row by row) to the output size
 * with the camera's detail (`camera`: its luma at the output size, or null for plain bilinear) and writes
 * 8-bit RGBA, clamped and rounded as the 2D canvas sink does (but for exact ties). As in `upsampleWithDetail`,
 * up(s) + d·(Y − up(down(Y))) is computed as up(s − d·down(Y)) + d·Y. Owns two output images used
 * in turn (a frame may still be on its way to the canvas while the next is composed) and the
 * processing-size scratch plane.
 */
export class DetailComposer {
  private readonly images = new ImagesInTurn();
  private lowPassRemoved = new Float32Array(0);
  private rowBuffers: [Float32Array, Float32Array] = [new Float32Array(0), new Float32Array(0)];

  compose(stylized: Float32Array, size: Size, output: Size, detail: number, camera: Plane | null): ImageData {
    // A guide from before a change of output size (Detail just switched on) is not this frame's.
    const withDetail = detail > 0 && camera !== null && camera.width === output.width && camera.height === output.height;
    const guide = camera?.values ?? NO_GUIDE;
    const source = withDetail ? this.removeLowPass(stylized, size, output, detail, guide) : stylized;
    const image = this.images.next(output);
    // Written as plain bytes: a Uint8ClampedArray store of a float costs twice the whole loop (V8).
    const rgba = new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.length);
    const rows = samplesAlong(size.height, output.height);
    this.rowBuffers = rowBuffers(this.rowBuffers, output.width * 3);
    const across = new AcrossRows(source, size.width, 3, samplesAlong(size.width, output.width), this.rowBuffers);
    for (let y = 0, index = 0; y < output.height; y++) {
      const upper = across.row(rows.low[y]!);
      const lower = across.row(rows.high[y]!);
      const down = rows.fraction[y]!;
      for (let x = 0, o = 0; x < output.width; x++, index++, o += 3) {
        const add = withDetail ? detail * guide[index]! : 0;
        const out = index * 4;
        rgba[out] = toByte(upper[o]! + (lower[o]! - upper[o]!) * down + add);
        rgba[out + 1] = toByte(upper[o + 1]! + (lower[o + 1]! - upper[o + 1]!) * down + add);
        rgba[out + 2] = toByte(upper[o + 2]! + (lower[o + 2]! - upper[o + 2]!) * down + add);
        rgba[out + 3] = 255;
      }
    }
    return image;
  }

  /** stylized − d·(the guide brought down to the processing size), at the processing size. */
  private removeLowPass(stylized: Float32Array, size: Size, output: Size, detail: number, guide: Float32Array): Float32Array {
    if (this.lowPassRemoved.length !== stylized.length) this.lowPassRemoved = new Float32Array(stylized.length);
    const out = this.lowPassRemoved;
    const rows = samplesAlong(output.height, size.height);
    const columns = samplesAlong(output.width, size.width);
    for (let y = 0, index = 0; y < size.height; y++) {
      const top = rows.low[y]! * output.width;
      const bottom = rows.high[y]! * output.width;
      const down = rows.fraction[y]!;
      for (let x = 0; x < size.width; x++, index += 3) {
        const left = columns.low[x]!;
        const right = columns.high[x]!;
        const across = columns.fraction[x]!;
        const upper = guide[top + left]! + (guide[top + right]! - guide[top + left]!) * across;
        const lower = guide[bottom + left]! + (guide[bottom + right]! - guide[bottom + left]!) * across;
        const low = detail * (upper + (lower - upper) * down);
        out[index] = stylized[index]! - low;
        out[index + 1] = stylized[index + 1]! - low;
        out[index + 2] = stylized[index + 2]! - low;
      }
    }
    return out;
  }

  dispose(): void {
    this.images.clear();
    this.lowPassRemoved = new Float32Array(0);
  }
}
