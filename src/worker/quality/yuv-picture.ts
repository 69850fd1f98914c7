import type { Size } from '../geometry/frame-sizes';

/**
 * A YUV 4:2:0 camera frame's planes as `VideoFrame.copyTo` laid them out (I420: Y, U, V; NV12: Y
 * and interleaved UV), to be scaled to `to` and converted to RGB on import: what webcams deliver,
 * brought onto the processing size without drawing it into a 2D canvas first.
 */
export interface YuvPicture {
  data: Uint8Array;
  /** NV12 keeps U and V interleaved in its second plane. */
  interleaved: boolean;
  width: number;
  height: number;
  /** Byte offset and row stride of Y, U and V (NV12: V one byte after U, in U's plane). */
  planes: { y: PlaneLayout; u: PlaneLayout; v: PlaneLayout };
  /** Y spans 0..255 (full range) rather than video's 16..235. */
  fullRange: boolean;
  /** The colour matrix as the luma weights of red and blue. */
  matrix: YuvMatrix;
  /** The size to import it at (the processing size). */
  to: Size;
}

export interface PlaneLayout {
  offset: number;
  stride: number;
}

export interface YuvMatrix {
  red: number;
  blue: number;
}

/** BT.601 (SD video, and what Chromium assumes for a frame that names no matrix). */
export const BT601: YuvMatrix = { red: 0.299, blue: 0.114 };
const BT709: YuvMatrix = { red: 0.2126, blue: 0.0722 };
const BT2020: YuvMatrix = { red: 0.2627, blue: 0.0593 };

/** The matrix a frame's colour space names; null for one that is not a YUV matrix (`rgb`). */
export function yuvMatrix(matrix: string | null | undefined): YuvMatrix | null {
  if (matrix === 'bt709') return BT709;
  if (matrix === 'bt2020-ncl') return BT2020;
  if (matrix === 'rgb') return null;
  return BT601;
}

export const isYuvPicture = (image: ImageData | ImageBitmap | YuvPicture): image is YuvPicture => 'planes' in image;

/**
 * The reference form of the kernels' `rgbFromYuv` (frame-import.as.ts), in plain JS: the picture
 * at its `to` size as RGB floats in 0..255, bilinear with half-pixel centres (chroma centred on its
 * 2×2 block). The fallback where the kernels cannot load.
 */
export function rgbFromYuv(picture: YuvPicture): Float32Array {
  const { data, width, height, planes, matrix, fullRange, to } = picture;
  const chromaStep = picture.interleaved ? 2 : 1;
  const rows = samples(height, to.height);
  const chromaRows = samples((height + 1) >> 1, to.height);
  const columns = samples(width, to.width);
  const chromaColumns = samples((width + 1) >> 1, to.width);
  const black = fullRange ? 0 : 16;
  const lumaScale = fullRange ? 1 : 255 / 219;
  const chromaScale = fullRange ? 1 : 255 / 224;
  const green = 1 - matrix.red - matrix.blue;
  const redPerCr = 2 * (1 - matrix.red) * chromaScale;
  const bluePerCb = 2 * (1 - matrix.blue) * chromaScale;
  const greenPerCb = ((2 * matrix.blue * (1 - matrix.blue)) / green) * chromaScale;
  const greenPerCr = ((2 * matrix.red * (1 - matrix.red)) / green) * chromaScale;
  const sample = (plane: PlaneLayout, row: Sample, column: Sample, step: number): number => {
    const at = (y: number, x: number) => data[plane.offset + y * plane.stride + x * step]!;
    const upper = at(row.low, column.low) + (at(row.low, column.high) - at(row.low, column.low)) * column.fraction;
    const lower = at(row.high, column.low) + (at(row.high, column.high) - at(row.high, column.low)) * column.fraction;
    return upper + (lower - upper) * row.fraction;
  };
  const clamp = (value: number) => Math.min(Math.max(value, 0), 255);
  const out = new Float32Array(to.width * to.height * 3);
  for (let y = 0; y < to.height; y++) {
    for (let x = 0; x < to.width; x++) {
      const luma = (sample(planes.y, rows[y]!, columns[x]!, 1) - black) * lumaScale;
      const cb = sample(planes.u, chromaRows[y]!, chromaColumns[x]!, chromaStep) - 128;
      const cr = sample(planes.v, chromaRows[y]!, chromaColumns[x]!, chromaStep) - 128;
      const at = (y * to.width + x) * 3;
      out[at] = clamp(luma + redPerCr * cr);
      out[at + 1] = clamp(luma - greenPerCb * cb - greenPerCr * cr);
      out[at + 2] = clamp(luma + bluePerCb * cb);
    }
  }
  return out;
}

interface Sample {
  low: number;
  high: number;
  fraction: number;
}

/** Where each of `to` samples reads from an axis of `from` (the kernels' `axisSamples`). */
function samples(from: number, to: number): Sample[] {
  return Array.from({ length: to }, (_, index) => {
    const position = ((index + 0.5) * from) / to - 0.5;
    const low = Math.max(0, Math.floor(position));
    return { low, high: Math.min(from - 1, Math.ceil(position)), fraction: position - low };
  });
}
