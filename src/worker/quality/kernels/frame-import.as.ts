import { axisSamples, fraction, high, low } from './sampling.as';
import { blue, green, red, useYuvMatrix, yuvToRgb } from './yuv.as';

// A camera frame onto the processing size as RGB f32 in 0..255, the network's input.

/** RGBA bytes (count pixels) → RGB f32 in 0..255: what tf.browser.fromPixels makes, in float. */
export function rgbFromRgba(rgba: usize, count: i32, out: usize): void {
  for (let pixel = 0; pixel < count; pixel++) {
    const from = rgba + (<usize>pixel << 2);
    const to = out + <usize>(pixel * 12);
    store<f32>(to, <f32>load<u8>(from));
    store<f32>(to, <f32>load<u8>(from, 1), 4);
    store<f32>(to, <f32>load<u8>(from, 2), 8);
  }
}

/** `count` bytes of two rows (`upper`, `lower`) blended down by `down` into floats at `out`, 16 at a time. */
function blendRows(upper: usize, lower: usize, count: i32, down: f32, out: usize): void {
  const weight = f32x4.splat(down);
  let x = 0;
  for (; x + 16 <= count; x += 16) {
    const top = v128.load(upper + <usize>x);
    const bottom = v128.load(lower + <usize>x);
    const top16Low = i16x8.extend_low_i8x16_u(top);
    const top16High = i16x8.extend_high_i8x16_u(top);
    const bottom16Low = i16x8.extend_low_i8x16_u(bottom);
    const bottom16High = i16x8.extend_high_i8x16_u(bottom);
    const to = out + (<usize>x << 2);
    blendFour(i32x4.extend_low_i16x8_u(top16Low), i32x4.extend_low_i16x8_u(bottom16Low), weight, to);
    blendFour(i32x4.extend_high_i16x8_u(top16Low), i32x4.extend_high_i16x8_u(bottom16Low), weight, to + 16);
    blendFour(i32x4.extend_low_i16x8_u(top16High), i32x4.extend_low_i16x8_u(bottom16High), weight, to + 32);
    blendFour(i32x4.extend_high_i16x8_u(top16High), i32x4.extend_high_i16x8_u(bottom16High), weight, to + 48);
  }
  for (; x < count; x++) {
    const top = <f32>load<u8>(upper + <usize>x);
    store<f32>(out + (<usize>x << 2), top + (<f32>load<u8>(lower + <usize>x) - top) * down);
  }
}

@inline function blendFour(top: v128, bottom: v128, weight: v128, out: usize): void {
  const upper = f32x4.convert_i32x4_u(top);
  v128.store(out, f32x4.add(upper, f32x4.mul(f32x4.sub(f32x4.convert_i32x4_u(bottom), upper), weight)));
}

/** One value of a float row sampled across at output column `x` (every `step` floats: NV12's interleaved chroma). */
@inline function across(row: usize, columns: usize, length: i32, x: i32, step: i32): f32 {
  const left = load<f32>(row + (<usize>(low(columns, x) * step) << 2));
  const right = load<f32>(row + (<usize>(high(columns, length, x) * step) << 2));
  return left + (right - left) * fraction(columns, length, x);
}

/**
 * A YUV 4:2:0 camera frame (`width`×`height`: I420's three planes, or NV12's luma and interleaved
 * chroma when `interleaved`) scaled bilinearly (half-pixel centres, chroma centred on its 2×2
 * block) to `outWidth`×`outHeight` and converted to RGB f32 in 0..255 at `out`: what drawing the
 * frame into a 2D canvas and importing its pixels gave, without the canvas (3.4 ms a frame at
 * 340×256 there). Each output row: its two source rows blended down (16 bytes at a time), sampled
 * across, then converted four pixels at a time. `kr`, `kb`: the matrix's luma weights of red and
 * blue; `fullRange` 0: video's 16..235 luma and 16..240 chroma. `scratch`: room for four sample
 * tables and the rows (see `yuvScratchBytes` in simd-output-passes.ts).
 */
export function rgbFromYuv(
  frame: usize, interleaved: i32, width: i32, height: i32,
  yOffset: i32, yStride: i32, uOffset: i32, uStride: i32, vOffset: i32, vStride: i32,
  fullRange: i32, kr: f32, kb: f32, out: usize, outWidth: i32, outHeight: i32, scratch: usize,
): void {
  const chromaWidth = (width + 1) >> 1;
  const chromaHeight = (height + 1) >> 1;
  const rows = scratch;
  const chromaRows = rows + (<usize>(3 * outHeight) << 2);
  const columns = chromaRows + (<usize>(3 * outHeight) << 2);
  const chromaColumns = columns + (<usize>(3 * outWidth) << 2);
  axisSamples(rows, height, outHeight);
  axisSamples(chromaRows, chromaHeight, outHeight);
  axisSamples(columns, width, outWidth);
  axisSamples(chromaColumns, chromaWidth, outWidth);
  // The source rows blended down (NV12: one interleaved chroma row), then the output row's Y, Cb, Cr.
  const lumaRow = (chromaColumns + (<usize>(3 * outWidth) << 2) + 15) & ~15;
  const chromaBytes = interleaved ? 2 * chromaWidth : chromaWidth;
  const uRow = lumaRow + (<usize>(width + 4) << 2);
  const vRow = interleaved ? uRow + 4 : uRow + (<usize>(chromaBytes + 4) << 2);
  const lumas = (vRow + (<usize>(chromaBytes + 4) << 2) + 15) & ~15;
  const blues = lumas + (<usize>(outWidth + 4) << 2);
  const reds = blues + (<usize>(outWidth + 4) << 2);
  const tail = reds + (<usize>(outWidth + 4) << 2);
  const chromaStep = interleaved ? 2 : 1;
  useYuvMatrix(fullRange != 0, kr, kb, 255);
  const zero = f32x4.splat(0);
  const full = f32x4.splat(255);
  for (let y = 0; y < outHeight; y++) {
    const top = low(rows, y);
    const bottom = high(rows, outHeight, y);
    blendRows(frame + <usize>(yOffset + top * yStride), frame + <usize>(yOffset + bottom * yStride), width, fraction(rows, outHeight, y), lumaRow);
    const chromaTop = low(chromaRows, y);
    const chromaBottom = high(chromaRows, outHeight, y);
    const chromaDown = fraction(chromaRows, outHeight, y);
    blendRows(frame + <usize>(uOffset + chromaTop * uStride), frame + <usize>(uOffset + chromaBottom * uStride), chromaBytes, chromaDown, uRow);
    if (!interleaved) blendRows(frame + <usize>(vOffset + chromaTop * vStride), frame + <usize>(vOffset + chromaBottom * vStride), chromaBytes, chromaDown, vRow);
    for (let x = 0; x < outWidth; x++) {
      const at = <usize>x << 2;
      store<f32>(lumas + at, across(lumaRow, columns, outWidth, x, 1));
      store<f32>(blues + at, across(uRow, chromaColumns, outWidth, x, chromaStep));
      store<f32>(reds + at, across(vRow, chromaColumns, outWidth, x, chromaStep));
    }
    // Four pixels at a time (the rows have room past their end): RGB, clamped, stored interleaved.
    const outRow = out + <usize>(y * outWidth * 12);
    for (let x = 0; x < outWidth; x += 4) {
      const at = <usize>x << 2;
      yuvToRgb(v128.load(lumas + at), v128.load(blues + at), v128.load(reds + at));
      const r = f32x4.min(f32x4.max(red, zero), full);
      const g = f32x4.min(f32x4.max(green, zero), full);
      const b = f32x4.min(f32x4.max(blue, zero), full);
      // The row's last one to three pixels go through `tail`, so nothing is stored past the row.
      const left = outWidth - x;
      const to = left >= 4 ? outRow + <usize>(x * 12) : tail;
      const redGreen = v128.shuffle<f32>(r, g, 0, 4, 1, 5);
      const greenBlue = v128.shuffle<f32>(g, b, 1, 5, 2, 6);
      const blueRed = v128.shuffle<f32>(b, r, 2, 7, 3, 7);
      v128.store(to, v128.shuffle<f32>(redGreen, b, 0, 1, 4, 2));
      v128.store(to, v128.shuffle<f32>(greenBlue, r, 0, 1, 6, 2), 16);
      v128.store(to, v128.shuffle<f32>(blueRed, g, 0, 1, 7, 2), 32);
      if (left < 4) memory.copy(outRow + <usize>(x * 12), tail, <usize>(left * 12));
    }
  }
}
