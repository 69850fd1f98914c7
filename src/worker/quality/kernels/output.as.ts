// The output-size passes (pixel-output.ts): the camera guide steadied, the upsampling with Detail,
// the 8-bit conversion.
import { axisSamples, fraction, heldRow, high, holdRows, low, releaseRows } from './sampling.as';
import { blue, green, red, useYuvMatrix, yuvToRgb } from './yuv.as';

/** Four pixels' luma from the camera: a Y plane (one byte each) or RGBA (four). */
@inline function lumaOf4(camera: usize, rgba: bool, pixel: i32, red: f32, green: f32, blue: f32): v128 {
  if (!rgba) {
    const bytes = v128.load32_zero(camera + <usize>pixel);
    return f32x4.mul(f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(bytes))), f32x4.splat(red));
  }
  const pixels = v128.load(camera + (<usize>pixel << 2));
  const mask = i32x4.splat(255);
  const r = f32x4.convert_i32x4_u(v128.and(pixels, mask));
  const g = f32x4.convert_i32x4_u(v128.and(i32x4.shr_u(pixels, 8), mask));
  const b = f32x4.convert_i32x4_u(v128.and(i32x4.shr_u(pixels, 16), mask));
  return f32x4.add(f32x4.add(f32x4.mul(r, f32x4.splat(red)), f32x4.mul(g, f32x4.splat(green))), f32x4.mul(b, f32x4.splat(blue)));
}

@inline function lumaOf1(camera: usize, rgba: bool, pixel: i32, red: f32, green: f32, blue: f32): f32 {
  if (!rgba) return <f32>load<u8>(camera + <usize>pixel) * red;
  const at = camera + (<usize>pixel << 2);
  return <f32>load<u8>(at) * red + <f32>load<u8>(at, 1) * green + <f32>load<u8>(at, 2) * blue;
}

/**
 * The camera guide (`SteadyCameraLuma.update`): `values` (width × height f32) becomes the camera's
 * luma where there is no `motion` (0), else previous + weight·(luma − previous) with weight =
 * motion·(1 − stillWeight) + stillWeight, the motion plane (motionWidth × motionHeight f32)
 * sampled bilinearly. For a Y plane `red` is the scale and the other two are unused. `scratch`:
 * room for the two sample tables and two rows (4·(3·(width + height) + 2·width) bytes).
 */
export function steadyLuma(
  camera: usize, rgba: bool, width: i32, height: i32, values: usize,
  red: f32, green: f32, blue: f32,
  motion: usize, motionWidth: i32, motionHeight: i32, stillWeight: f32, scratch: usize,
): void {
  const count = width * height;
  if (motion == 0) {
    let pixel = 0;
    for (; pixel + 4 <= count; pixel += 4) v128.store(values + (<usize>pixel << 2), lumaOf4(camera, rgba, pixel, red, green, blue));
    for (; pixel < count; pixel++) store<f32>(values + (<usize>pixel << 2), lumaOf1(camera, rgba, pixel, red, green, blue));
    return;
  }
  const rows = scratch;
  const columns = rows + (<usize>(3 * height) << 2);
  const rowA = columns + (<usize>(3 * width) << 2);
  const rowB = rowA + (<usize>width << 2);
  axisSamples(rows, motionHeight, height);
  axisSamples(columns, motionWidth, width);
  releaseRows();
  const moving: f32 = 1 - stillWeight;
  for (let y = 0; y < height; y++) {
    const upperRow = low(rows, y);
    const lowerRow = high(rows, height, y);
    holdRows(upperRow, lowerRow, motion, motionWidth, columns, width, rowA, rowB, false);
    const upper = heldRow(upperRow, rowA, rowB);
    const lower = heldRow(lowerRow, rowA, rowB);
    const down = fraction(rows, height, y);
    const start = y * width;
    let x = 0;
    for (; x + 4 <= width; x += 4) {
      const u = v128.load(upper + (<usize>x << 2));
      const l = v128.load(lower + (<usize>x << 2));
      const weight = f32x4.add(f32x4.mul(f32x4.add(u, f32x4.mul(f32x4.sub(l, u), f32x4.splat(down))), f32x4.splat(moving)), f32x4.splat(stillWeight));
      const at = values + (<usize>(start + x) << 2);
      const previous = v128.load(at);
      v128.store(at, f32x4.add(previous, f32x4.mul(f32x4.sub(lumaOf4(camera, rgba, start + x, red, green, blue), previous), weight)));
    }
    for (; x < width; x++) {
      const u = load<f32>(upper + (<usize>x << 2));
      const weight = (u + (load<f32>(lower + (<usize>x << 2)) - u) * down) * moving + stillWeight;
      const at = values + (<usize>(start + x) << 2);
      const previous = load<f32>(at);
      store<f32>(at, previous + (lumaOf1(camera, rgba, start + x, red, green, blue) - previous) * weight);
    }
  }
}

/** A pixel's fourth float: its region weight from `weights` (f32 a pixel), when given; else left as it is. */
@inline function withWeight(pixel: v128, weights: usize, index: i32): v128 {
  return weights == 0 ? pixel : f32x4.replace_lane(pixel, 3, load<f32>(weights + (<usize>index << 2)));
}

/**
 * The stylized frame (RGB f32 at `stylized`, width × height) as four floats a pixel at `out`,
 * less detail·(the guide brought down to this size) when `guide` is not 0 (`removeLowPass`), the
 * fourth float the pixel's region weight when `weights` is not 0 (`compose` over a camera upsamples
 * it with the colour). `stylized` must be readable for one float past its end. `scratch`: room
 * for two sample tables.
 */
export function lowPass(
  stylized: usize, width: i32, height: i32, out: usize,
  detail: f32, guide: usize, guideWidth: i32, guideHeight: i32, scratch: usize, weights: usize,
): void {
  const count = width * height;
  if (guide == 0) {
    for (let pixel = 0; pixel < count; pixel++) v128.store(out + (<usize>pixel << 4), withWeight(v128.load(stylized + <usize>(pixel * 12)), weights, pixel));
    return;
  }
  const rows = scratch;
  const columns = rows + (<usize>(3 * height) << 2);
  axisSamples(rows, guideHeight, height);
  axisSamples(columns, guideWidth, width);
  for (let y = 0, pixel = 0; y < height; y++) {
    const top = guide + (<usize>(low(rows, y) * guideWidth) << 2);
    const bottom = guide + (<usize>(high(rows, height, y) * guideWidth) << 2);
    const down = fraction(rows, height, y);
    for (let x = 0; x < width; x++, pixel++) {
      const left = <usize>low(columns, x) << 2;
      const right = <usize>high(columns, width, x) << 2;
      const across = fraction(columns, width, x);
      const upper = load<f32>(top + left) + (load<f32>(top + right) - load<f32>(top + left)) * across;
      const lower = load<f32>(bottom + left) + (load<f32>(bottom + right) - load<f32>(bottom + left)) * across;
      const lowPassed = detail * (upper + (lower - upper) * down);
      v128.store(out + (<usize>pixel << 4), withWeight(f32x4.sub(v128.load(stylized + <usize>(pixel * 12)), f32x4.splat(lowPassed)), weights, pixel));
    }
  }
}

/** Four pixels of 0..1 floats → 16 RGBA bytes, rounded half up and clamped, alpha 255. */
@inline function toBytes(a: v128, b: v128, c: v128, d: v128): v128 {
  const scale = f32x4.splat(255);
  const half = f32x4.splat(0.5);
  const ia = i32x4.trunc_sat_f32x4_s(f32x4.add(f32x4.mul(a, scale), half));
  const ib = i32x4.trunc_sat_f32x4_s(f32x4.add(f32x4.mul(b, scale), half));
  const ic = i32x4.trunc_sat_f32x4_s(f32x4.add(f32x4.mul(c, scale), half));
  const id = i32x4.trunc_sat_f32x4_s(f32x4.add(f32x4.mul(d, scale), half));
  const bytes = i8x16.narrow_i16x8_u(i16x8.narrow_i32x4_s(ia, ib), i16x8.narrow_i32x4_s(ic, id));
  return v128.or(bytes, i32x4.splat(0xff000000));
}

/** One pixel upsampled (four floats: RGB and, over the camera, the region weight), the camera's detail added to its colour. */
@inline function upsampled(upper: usize, lower: usize, x: i32, down: v128, detail: f32, guideRow: usize): v128 {
  const u = v128.load(upper + (<usize>x << 4));
  const value = f32x4.add(u, f32x4.mul(f32x4.sub(v128.load(lower + (<usize>x << 4)), u), down));
  if (guideRow == 0) return value;
  return f32x4.add(value, f32x4.replace_lane(f32x4.splat(detail * load<f32>(guideRow + (<usize>x << 2))), 3, 0));
}

/** `camera` + weight·(`stylized` − `camera`), the weight in `stylized`'s fourth float (alpha is set by `toBytes`). */
@inline function overCamera(stylized: v128, camera: v128): v128 {
  const weight = v128.shuffle<f32>(stylized, stylized, 3, 3, 3, 3);
  return f32x4.add(camera, f32x4.mul(f32x4.sub(stylized, camera), weight));
}

/** [a, a, b, b]: two chroma samples, each for the two pixels of its block's row. */
@inline function pairOf(a: f32, b: f32): v128 {
  return f32x4.replace_lane(f32x4.replace_lane(f32x4.splat(a), 2, b), 3, b);
}

/**
 * `DetailComposer.compose` after `lowPass`: `picture` (four floats a pixel, pictureWidth ×
 * pictureHeight) upsampled to width × height, plus detail·guide (width × height f32) when `guide`
 * is not 0, written as 8-bit RGBA at `out`. `scratch`: two sample tables and two rows of
 * `width` pixels (4·3·(width + height) + 32·width bytes).
 *
 * With a camera `frame` (not 0), Person only / Background only at the output size: each pixel is
 * blended by its upsampled region weight (`lowPass` with weights) over the camera's own pixel from
 * its YUV 4:2:0 planes (I420, or NV12 when `interleaved`; width × height, chroma from its 2×2 block;
 * `fullRange`, `kr`, `kb` as in `rgbFromYuv`), so the unstylized region keeps the camera's resolution.
 */
export function compose(
  picture: usize, pictureWidth: i32, pictureHeight: i32, width: i32, height: i32,
  detail: f32, guide: usize, out: usize, scratch: usize,
  frame: usize, interleaved: i32, yOffset: i32, yStride: i32, uOffset: i32, uStride: i32, vOffset: i32, vStride: i32,
  fullRange: i32, kr: f32, kb: f32,
): void {
  const rows = scratch;
  const columns = rows + (<usize>(3 * height) << 2);
  const rowA = columns + (<usize>(3 * width) << 2);
  const rowB = rowA + (<usize>width << 4);
  axisSamples(rows, pictureHeight, height);
  axisSamples(columns, pictureWidth, width);
  releaseRows();
  if (frame != 0) useYuvMatrix(fullRange != 0, kr, kb, 1);
  const chromaStep: usize = interleaved ? 2 : 1;
  for (let y = 0; y < height; y++) {
    const upperRow = low(rows, y);
    const lowerRow = high(rows, height, y);
    holdRows(upperRow, lowerRow, picture, pictureWidth, columns, width, rowA, rowB, true);
    const upper = heldRow(upperRow, rowA, rowB);
    const lower = heldRow(lowerRow, rowA, rowB);
    const down = f32x4.splat(fraction(rows, height, y));
    const guideRow: usize = guide == 0 ? 0 : guide + (<usize>(y * width) << 2);
    const outRow = out + (<usize>(y * width) << 2);
    const lumaRow = frame + <usize>(yOffset + y * yStride);
    const uRow = frame + <usize>(uOffset + (y >> 1) * uStride);
    const vRow = frame + <usize>(vOffset + (y >> 1) * vStride);
    let x = 0;
    for (; x + 4 <= width; x += 4) {
      let a = upsampled(upper, lower, x, down, detail, guideRow);
      let b = upsampled(upper, lower, x + 1, down, detail, guideRow);
      let c = upsampled(upper, lower, x + 2, down, detail, guideRow);
      let d = upsampled(upper, lower, x + 3, down, detail, guideRow);
      if (frame != 0) {
        // The four camera pixels (the chroma of two 2×2 blocks), one vector each (lanes: R, G, B, unused).
        const first = <usize>(x >> 1) * chromaStep;
        yuvToRgb(
          f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(lumaRow + <usize>x)))),
          pairOf(<f32>load<u8>(uRow + first), <f32>load<u8>(uRow + first + chromaStep)),
          pairOf(<f32>load<u8>(vRow + first), <f32>load<u8>(vRow + first + chromaStep)),
        );
        const redGreenLow = v128.shuffle<f32>(red, green, 0, 4, 1, 5);
        const redGreenHigh = v128.shuffle<f32>(red, green, 2, 6, 3, 7);
        a = overCamera(a, v128.shuffle<f32>(redGreenLow, blue, 0, 1, 4, 4));
        b = overCamera(b, v128.shuffle<f32>(redGreenLow, blue, 2, 3, 5, 5));
        c = overCamera(c, v128.shuffle<f32>(redGreenHigh, blue, 0, 1, 6, 6));
        d = overCamera(d, v128.shuffle<f32>(redGreenHigh, blue, 2, 3, 7, 7));
      }
      v128.store(outRow + (<usize>x << 2), toBytes(a, b, c, d));
    }
    for (; x < width; x++) {
      let value = upsampled(upper, lower, x, down, detail, guideRow);
      if (frame != 0) {
        // One camera pixel, its values splatted: the same formulas.
        const chroma = <usize>(x >> 1) * chromaStep;
        yuvToRgb(f32x4.splat(<f32>load<u8>(lumaRow + <usize>x)), f32x4.splat(<f32>load<u8>(uRow + chroma)), f32x4.splat(<f32>load<u8>(vRow + chroma)));
        value = overCamera(value, v128.shuffle<f32>(v128.shuffle<f32>(red, green, 0, 4, 0, 4), blue, 0, 1, 4, 4));
      }
      store<u32>(outRow + (<usize>x << 2), i32x4.extract_lane(toBytes(value, value, value, value), 0));
    }
  }
}
