// AssemblyScript, compiled to WebAssembly with SIMD by `npm run setup` (scripts/build-kernels.mjs);
// not part of the TypeScript build. The output-size passes of `pixel-output.ts` (the camera
// guide's steadying, the upsampling with Detail, the 8-bit conversion), four pixels at a time: in
// scalar JS they cost about 6 ms of a 640×480 frame, more than half of the fast network's own time.
// Every formula and sampling position is the one of `pixel-output.ts` (tfjs's resizeBilinear with
// half-pixel centres), computed in 32-bit floats. The caller lays the buffers out in memory and
// passes their addresses; nothing here allocates.

/**
 * Where each of `to` samples along an axis reads from an axis of `from`: three arrays of `to`
 * values at `table` (low index i32, high index i32, fraction f32), as `axisSamples` in pixel-output.ts.
 */
export function axisSamples(table: usize, from: i32, to: i32): void {
  const ratio: f64 = <f64>from / <f64>to;
  const length = <usize>to << 2;
  for (let index = 0; index < to; index++) {
    const position: f64 = (<f64>index + 0.5) * ratio - 0.5;
    const floor: f64 = Math.max(0, Math.floor(position));
    const at = table + (<usize>index << 2);
    store<i32>(at, <i32>floor);
    store<i32>(at + length, min(from - 1, <i32>Math.ceil(position)));
    store<f32>(at + 2 * length, <f32>(position - floor));
  }
}

@inline function low(table: usize, index: i32): i32 {
  return load<i32>(table + (<usize>index << 2));
}
@inline function high(table: usize, length: i32, index: i32): i32 {
  return load<i32>(table + (<usize>(length + index) << 2));
}
@inline function fraction(table: usize, length: i32, index: i32): f32 {
  return load<f32>(table + (<usize>(2 * length + index) << 2));
}

/** One row of a single-channel plane resampled across to `width` values at `out`. */
function acrossPlane(out: usize, plane: usize, planeWidth: i32, row: i32, columns: usize, width: i32): void {
  const start = plane + (<usize>(row * planeWidth) << 2);
  for (let x = 0; x < width; x++) {
    const left = load<f32>(start + (<usize>low(columns, x) << 2));
    const right = load<f32>(start + (<usize>high(columns, width, x) << 2));
    store<f32>(out + (<usize>x << 2), left + (right - left) * fraction(columns, width, x));
  }
}

/** One row of a four-float-per-pixel picture resampled across to `width` pixels at `out`. */
function acrossPixels(out: usize, picture: usize, pictureWidth: i32, row: i32, columns: usize, width: i32): void {
  const start = picture + (<usize>(row * pictureWidth) << 4);
  for (let x = 0; x < width; x++) {
    const left = v128.load(start + (<usize>low(columns, x) << 4));
    const right = v128.load(start + (<usize>high(columns, width, x) << 4));
    v128.store(out + (<usize>x << 4), f32x4.add(left, f32x4.mul(f32x4.sub(right, left), f32x4.splat(fraction(columns, width, x)))));
  }
}

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
  let heldA = -1;
  let heldB = -1;
  const moving: f32 = 1 - stillWeight;
  for (let y = 0; y < height; y++) {
    const upperRow = low(rows, y);
    const lowerRow = high(rows, height, y);
    // Consecutive output rows mostly share their two source rows: each is resampled across once.
    if (upperRow != heldA && upperRow != heldB) {
      if (lowerRow == heldA) { acrossPlane(rowB, motion, motionWidth, upperRow, columns, width); heldB = upperRow; }
      else { acrossPlane(rowA, motion, motionWidth, upperRow, columns, width); heldA = upperRow; }
    }
    if (lowerRow != heldA && lowerRow != heldB) {
      if (upperRow == heldA) { acrossPlane(rowB, motion, motionWidth, lowerRow, columns, width); heldB = lowerRow; }
      else { acrossPlane(rowA, motion, motionWidth, lowerRow, columns, width); heldA = lowerRow; }
    }
    const upper = upperRow == heldA ? rowA : rowB;
    const lower = lowerRow == heldA ? rowA : rowB;
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

/**
 * The stylized frame (RGB f32 at `stylized`, width × height) as four floats a pixel at `out`,
 * less detail·(the guide brought down to this size) when `guide` is not 0 (`removeLowPass`).
 * `stylized` must be readable for one float past its end. `scratch`: room for two sample tables.
 */
export function lowPass(
  stylized: usize, width: i32, height: i32, out: usize,
  detail: f32, guide: usize, guideWidth: i32, guideHeight: i32, scratch: usize,
): void {
  const count = width * height;
  if (guide == 0) {
    for (let pixel = 0; pixel < count; pixel++) v128.store(out + (<usize>pixel << 4), v128.load(stylized + <usize>(pixel * 12)));
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
      v128.store(out + (<usize>pixel << 4), f32x4.sub(v128.load(stylized + <usize>(pixel * 12)), f32x4.splat(lowPassed)));
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

/** One pixel: the upsampled colour plus the camera's detail. */
@inline function composed(upper: usize, lower: usize, x: i32, down: v128, detail: f32, guideRow: usize): v128 {
  const u = v128.load(upper + (<usize>x << 4));
  const value = f32x4.add(u, f32x4.mul(f32x4.sub(v128.load(lower + (<usize>x << 4)), u), down));
  return guideRow == 0 ? value : f32x4.add(value, f32x4.splat(detail * load<f32>(guideRow + (<usize>x << 2))));
}

/**
 * `DetailComposer.compose` after `lowPass`: `picture` (four floats a pixel, pictureWidth ×
 * pictureHeight) upsampled to width × height, plus detail·guide (width × height f32) when `guide`
 * is not 0, written as 8-bit RGBA at `out`. `scratch`: two sample tables and two rows of
 * `width` pixels (4·3·(width + height) + 32·width bytes).
 */
export function compose(
  picture: usize, pictureWidth: i32, pictureHeight: i32, width: i32, height: i32,
  detail: f32, guide: usize, out: usize, scratch: usize,
): void {
  const rows = scratch;
  const columns = rows + (<usize>(3 * height) << 2);
  const rowA = columns + (<usize>(3 * width) << 2);
  const rowB = rowA + (<usize>width << 4);
  axisSamples(rows, pictureHeight, height);
  axisSamples(columns, pictureWidth, width);
  let heldA = -1;
  let heldB = -1;
  for (let y = 0; y < height; y++) {
    const upperRow = low(rows, y);
    const lowerRow = high(rows, height, y);
    if (upperRow != heldA && upperRow != heldB) {
      if (lowerRow == heldA) { acrossPixels(rowB, picture, pictureWidth, upperRow, columns, width); heldB = upperRow; }
      else { acrossPixels(rowA, picture, pictureWidth, upperRow, columns, width); heldA = upperRow; }
    }
    if (lowerRow != heldA && lowerRow != heldB) {
      if (upperRow == heldA) { acrossPixels(rowB, picture, pictureWidth, lowerRow, columns, width); heldB = lowerRow; }
      else { acrossPixels(rowA, picture, pictureWidth, lowerRow, columns, width); heldA = lowerRow; }
    }
    const upper = upperRow == heldA ? rowA : rowB;
    const lower = lowerRow == heldA ? rowA : rowB;
    const down = f32x4.splat(fraction(rows, height, y));
    const guideRow: usize = guide == 0 ? 0 : guide + (<usize>(y * width) << 2);
    const outRow = out + (<usize>(y * width) << 2);
    let x = 0;
    for (; x + 4 <= width; x += 4) {
      const bytes = toBytes(
        composed(upper, lower, x, down, detail, guideRow),
        composed(upper, lower, x + 1, down, detail, guideRow),
        composed(upper, lower, x + 2, down, detail, guideRow),
        composed(upper, lower, x + 3, down, detail, guideRow),
      );
      v128.store(outRow + (<usize>x << 2), bytes);
    }
    for (; x < width; x++) {
      const value = composed(upper, lower, x, down, detail, guideRow);
      store<u32>(outRow + (<usize>x << 2), i32x4.extract_lane(toBytes(value, value, value, value), 0));
    }
  }
}
