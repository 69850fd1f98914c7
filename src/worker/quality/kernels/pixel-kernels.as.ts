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

/** The source rows now resampled across in the two row buffers (A, B); -1: none. */
let heldA: i32 = -1;
let heldB: i32 = -1;

/**
 * Makes source rows `upperRow` and `lowerRow` (of a plane, or of four floats a pixel) resampled
 * across, in row buffers A and B: consecutive output rows mostly share their two source rows, so
 * each is resampled across once a frame. The row that is not the other one of the pair is replaced.
 */
function holdRows(upperRow: i32, lowerRow: i32, source: usize, sourceWidth: i32, columns: usize, width: i32, rowA: usize, rowB: usize, fourFloats: bool): void {
  if (upperRow != heldA && upperRow != heldB) {
    const intoB = lowerRow == heldA;
    if (fourFloats) acrossPixels(intoB ? rowB : rowA, source, sourceWidth, upperRow, columns, width);
    else acrossPlane(intoB ? rowB : rowA, source, sourceWidth, upperRow, columns, width);
    if (intoB) heldB = upperRow;
    else heldA = upperRow;
  }
  if (lowerRow != heldA && lowerRow != heldB) {
    const intoB = upperRow == heldA;
    if (fourFloats) acrossPixels(intoB ? rowB : rowA, source, sourceWidth, lowerRow, columns, width);
    else acrossPlane(intoB ? rowB : rowA, source, sourceWidth, lowerRow, columns, width);
    if (intoB) heldB = lowerRow;
    else heldA = lowerRow;
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
  heldA = heldB = -1;
  const moving: f32 = 1 - stillWeight;
  for (let y = 0; y < height; y++) {
    const upperRow = low(rows, y);
    const lowerRow = high(rows, height, y);
    holdRows(upperRow, lowerRow, motion, motionWidth, columns, width, rowA, rowB, false);
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
  heldA = heldB = -1;
  for (let y = 0; y < height; y++) {
    const upperRow = low(rows, y);
    const lowerRow = high(rows, height, y);
    holdRows(upperRow, lowerRow, picture, pictureWidth, columns, width, rowA, rowB, true);
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

// Reduce flicker at the processing size (`temporal-stabilizer.ts`, the same formulas as its tensor ops).

/** Four pixels' blend weights, 0..1 per pixel, spread over the three 4-lane vectors of their 12 RGB values. */
@inline function blend12(at: usize, previous: usize, next: usize, out: usize, weights: v128): void {
  const w0 = v128.shuffle<f32>(weights, weights, 0, 0, 0, 1);
  const w1 = v128.shuffle<f32>(weights, weights, 1, 1, 2, 2);
  const w2 = v128.shuffle<f32>(weights, weights, 2, 3, 3, 3);
  const p0 = v128.load(previous + at);
  const p1 = v128.load(previous + at, 16);
  const p2 = v128.load(previous + at, 32);
  v128.store(out + at, f32x4.add(p0, f32x4.mul(f32x4.sub(v128.load(next + at), p0), w0)));
  v128.store(out + at, f32x4.add(p1, f32x4.mul(f32x4.sub(v128.load(next + at, 16), p1), w1)), 16);
  v128.store(out + at, f32x4.add(p2, f32x4.mul(f32x4.sub(v128.load(next + at, 32), p2), w2)), 32);
}

/**
 * `gatedBlend` for RGB frames (count pixels, three f32 each): out = previous + (next −
 * previous)·(motion·(1 − stillWeight) + stillWeight). `out` may be `previous`.
 */
export function gatedBlend(previous: usize, next: usize, motion: usize, count: i32, stillWeight: f32, out: usize): void {
  const moving = f32x4.splat(1 - stillWeight);
  const still = f32x4.splat(stillWeight);
  let pixel = 0;
  for (; pixel + 4 <= count; pixel += 4) {
    const weights = f32x4.add(f32x4.mul(v128.load(motion + (<usize>pixel << 2)), moving), still);
    blend12(<usize>(pixel * 12), previous, next, out, weights);
  }
  for (; pixel < count; pixel++) {
    const weight = load<f32>(motion + (<usize>pixel << 2)) * (1 - stillWeight) + stillWeight;
    for (let channel = 0; channel < 3; channel++) {
      const at = <usize>(pixel * 3 + channel) << 2;
      const before = load<f32>(previous + at);
      store<f32>(out + at, before + (load<f32>(next + at) - before) * weight);
    }
  }
}

/** A box average along rows with TF's 'same' padding (the padding not counted), `plane` → `out`, as a running sum. */
function boxAcross(plane: usize, width: i32, height: i32, out: usize, radius: i32): void {
  for (let y = 0; y < height; y++) {
    const row = plane + (<usize>(y * width) << 2);
    const outRow = out + (<usize>(y * width) << 2);
    let sum: f32 = 0;
    for (let k = 0; k < min(radius, width); k++) sum += load<f32>(row + (<usize>k << 2));
    for (let x = 0; x < width; x++) {
      if (x + radius < width) sum += load<f32>(row + (<usize>(x + radius) << 2));
      if (x - radius - 1 >= 0) sum -= load<f32>(row + (<usize>(x - radius - 1) << 2));
      store<f32>(outRow + (<usize>x << 2), sum / <f32>(min(width - 1, x + radius) - max(0, x - radius) + 1));
    }
  }
}

/** The same down the columns, four columns at a time. */
function boxDown(plane: usize, width: i32, height: i32, out: usize, radius: i32): void {
  for (let y = 0; y < height; y++) {
    const from = max(0, y - radius);
    const to = min(height - 1, y + radius);
    const count = f32x4.splat(<f32>(to - from + 1));
    const outRow = out + (<usize>(y * width) << 2);
    let x = 0;
    for (; x + 4 <= width; x += 4) {
      let sum = f32x4.splat(0);
      for (let k = from; k <= to; k++) sum = f32x4.add(sum, v128.load(plane + (<usize>(k * width + x) << 2)));
      v128.store(outRow + (<usize>x << 2), f32x4.div(sum, count));
    }
    for (; x < width; x++) {
      let sum: f32 = 0;
      for (let k = from; k <= to; k++) sum += load<f32>(plane + (<usize>(k * width + x) << 2));
      store<f32>(outRow + (<usize>x << 2), sum / <f32>(to - from + 1));
    }
  }
}

/**
 * Reduce flicker's input side (`TemporalStabilizer.stabilizeInput`) on an RGB frame of 0..255
 * values (`frame`: f32, or i32 when `frameIsInt`), width × height: the motion mask (0 still .. 1
 * moving, f32 at `motion`) from the box-blurred luma difference to `reference` with the noise
 * bounds of the frame's quietest grid block, then the frame blended into the reference where still,
 * written at `out` (which may be `reference`). Without a reference the frame is its own: motion 0,
 * `out` the frame. The frame is first converted into `out` as f32. `scratch`: three planes.
 */
export function stabilizeInput(
  frame: usize, frameIsInt: bool, reference: usize, hasReference: bool, width: i32, height: i32,
  out: usize, motion: usize, stillWeight: f32, scratch: usize,
  red: f32, green: f32, blue: f32,
  blurRadius: i32, grid: i32, noisePerLevel: f32, noiseFloor: f32, motionPerLevel: f32, motionFloor: f32,
): void {
  const count = width * height;
  const planeBytes = <usize>count << 2;
  const current = scratch;
  const difference = current + planeBytes * 3;
  const across = difference + planeBytes;
  const blurred = across + planeBytes;
  if (frameIsInt) {
    let index = 0;
    for (; index + 4 <= count * 3; index += 4) v128.store(current + (<usize>index << 2), f32x4.convert_i32x4_s(v128.load(frame + (<usize>index << 2))));
    for (; index < count * 3; index++) store<f32>(current + (<usize>index << 2), <f32>load<i32>(frame + (<usize>index << 2)));
  } else {
    memory.copy(current, frame, planeBytes * 3);
  }
  if (!hasReference) {
    memory.copy(out, current, planeBytes * 3);
    memory.fill(motion, 0, planeBytes);
    return;
  }
  for (let pixel = 0; pixel < count; pixel++) {
    const at = <usize>(pixel * 12);
    const r = load<f32>(current + at) - load<f32>(reference + at);
    const g = load<f32>(current + at, 4) - load<f32>(reference + at, 4);
    const b = load<f32>(current + at, 8) - load<f32>(reference + at, 8);
    store<f32>(difference + (<usize>pixel << 2), r * red + g * green + b * blue);
  }
  boxAcross(difference, width, height, across, blurRadius);
  boxDown(across, width, height, blurred, blurRadius);
  // The least busy block of a grid × grid split ('valid' blocks of floor(size / grid)).
  const blockHeight = max(1, height / grid);
  const blockWidth = max(1, width / grid);
  const blocksDown = (height - blockHeight) / blockHeight + 1;
  const blocksAcross = (width - blockWidth) / blockWidth + 1;
  let noise: f32 = f32.MAX_VALUE;
  for (let by = 0; by < blocksDown; by++) {
    for (let bx = 0; bx < blocksAcross; bx++) {
      let sums = f32x4.splat(0);
      let sum: f32 = 0;
      for (let y = by * blockHeight; y < (by + 1) * blockHeight; y++) {
        let x = bx * blockWidth;
        const end = (bx + 1) * blockWidth;
        for (; x + 4 <= end; x += 4) {
          const at = <usize>(y * width + x) << 2;
          sums = f32x4.add(sums, f32x4.abs(f32x4.sub(v128.load(difference + at), v128.load(blurred + at))));
        }
        for (; x < end; x++) {
          const at = <usize>(y * width + x) << 2;
          sum += Mathf.abs(load<f32>(difference + at) - load<f32>(blurred + at));
        }
      }
      sum += f32x4.extract_lane(sums, 0) + f32x4.extract_lane(sums, 1) + f32x4.extract_lane(sums, 2) + f32x4.extract_lane(sums, 3);
      noise = min(noise, sum / <f32>(blockHeight * blockWidth));
    }
  }
  const low = max(noise * noisePerLevel, noiseFloor);
  const high = max(noise * motionPerLevel, motionFloor);
  const lows = f32x4.splat(low);
  const span = f32x4.splat(high - low);
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  let pixel = 0;
  for (; pixel + 4 <= count; pixel += 4) {
    const at = <usize>pixel << 2;
    const gate = f32x4.div(f32x4.sub(f32x4.abs(v128.load(blurred + at)), lows), span);
    v128.store(motion + at, f32x4.min(f32x4.max(gate, zero), one));
  }
  for (; pixel < count; pixel++) {
    const at = <usize>pixel << 2;
    store<f32>(motion + at, min(max((Mathf.abs(load<f32>(blurred + at)) - low) / (high - low), 0), 1));
  }
  gatedBlend(reference, current, motion, count, stillWeight, out);
}

// The person mask refined on the frame (`refineMask` in region-mask.ts: He's fast guided filter).

/** A single-channel plane resized bilinearly (half-pixel centres); `tables`: room for two sample tables. */
function resizePlane(from: usize, fromWidth: i32, fromHeight: i32, to: usize, width: i32, height: i32, tables: usize): void {
  const rows = tables;
  const columns = rows + (<usize>(3 * height) << 2);
  axisSamples(rows, fromHeight, height);
  axisSamples(columns, fromWidth, width);
  for (let y = 0; y < height; y++) {
    const top = from + (<usize>(low(rows, y) * fromWidth) << 2);
    const bottom = from + (<usize>(high(rows, height, y) * fromWidth) << 2);
    const down = fraction(rows, height, y);
    const outRow = to + (<usize>(y * width) << 2);
    for (let x = 0; x < width; x++) {
      const left = <usize>low(columns, x) << 2;
      const right = <usize>high(columns, width, x) << 2;
      const across = fraction(columns, width, x);
      const upper = load<f32>(top + left) + (load<f32>(top + right) - load<f32>(top + left)) * across;
      const lower = load<f32>(bottom + left) + (load<f32>(bottom + right) - load<f32>(bottom + left)) * across;
      store<f32>(outRow + (<usize>x << 2), upper + (lower - upper) * down);
    }
  }
}

/** A box mean with 'same' padding (the padding not counted), in place; `spare`: a plane of the same size. */
@inline function boxMean(plane: usize, width: i32, height: i32, spare: usize, radius: i32): void {
  boxAcross(plane, width, height, spare, radius);
  boxDown(spare, width, height, plane, radius);
}

/**
 * The person probability at the frame's size (`out`, f32 width × height): `mask` (maskWidth ×
 * maskHeight, 0..1) upsampled with its edges moved onto the frame's (the guided filter with the
 * frame's luma as guide, worked out at smallWidth × smallHeight, box radius `radius`), then
 * feathered between edgeLow and edgeHigh with a smoothstep. `frame`: RGB 0..255 (f32, or i32 when
 * `frameIsInt`). `scratch`: room for the guide at full size, nine small planes and two tables.
 */
export function refineMask(
  frame: usize, frameIsInt: bool, width: i32, height: i32, mask: usize, maskWidth: i32, maskHeight: i32,
  out: usize, smallWidth: i32, smallHeight: i32, radius: i32, epsilon: f32, edgeLow: f32, edgeHigh: f32,
  red: f32, green: f32, blue: f32, scratch: usize,
): void {
  const count = width * height;
  const small = smallWidth * smallHeight;
  const smallBytes = <usize>small << 2;
  const guide = scratch;
  const guideSmall = guide + (<usize>count << 2);
  const maskSmall = guideSmall + smallBytes;
  const product = maskSmall + smallBytes;
  const square = product + smallBytes;
  const guideMean = square + smallBytes;
  const maskMean = guideMean + smallBytes;
  const spare = maskMean + smallBytes;
  const slopeUp = spare + smallBytes;
  const offsetUp = slopeUp + (<usize>count << 2);
  const tables = offsetUp + (<usize>count << 2);
  for (let pixel = 0; pixel < count; pixel++) {
    const at = <usize>(pixel * 12);
    const r = frameIsInt ? <f32>load<i32>(frame + at) : load<f32>(frame + at);
    const g = frameIsInt ? <f32>load<i32>(frame + at, 4) : load<f32>(frame + at, 4);
    const b = frameIsInt ? <f32>load<i32>(frame + at, 8) : load<f32>(frame + at, 8);
    store<f32>(guide + (<usize>pixel << 2), r * red + g * green + b * blue);
  }
  resizePlane(guide, width, height, guideSmall, smallWidth, smallHeight, tables);
  resizePlane(mask, maskWidth, maskHeight, maskSmall, smallWidth, smallHeight, tables);
  for (let index = 0; index < small; index++) {
    const at = <usize>index << 2;
    const g = load<f32>(guideSmall + at);
    const m = load<f32>(maskSmall + at);
    store<f32>(product + at, g * m);
    store<f32>(square + at, g * g);
    store<f32>(guideMean + at, g);
    store<f32>(maskMean + at, m);
  }
  boxMean(guideMean, smallWidth, smallHeight, spare, radius);
  boxMean(maskMean, smallWidth, smallHeight, spare, radius);
  boxMean(product, smallWidth, smallHeight, spare, radius);
  boxMean(square, smallWidth, smallHeight, spare, radius);
  // The slope into `product`, the offset into `square`.
  for (let index = 0; index < small; index++) {
    const at = <usize>index << 2;
    const meanGuide = load<f32>(guideMean + at);
    const meanMask = load<f32>(maskMean + at);
    const covariance = load<f32>(product + at) - meanGuide * meanMask;
    const variance = load<f32>(square + at) - meanGuide * meanGuide;
    const slope = covariance / (variance + epsilon);
    store<f32>(product + at, slope);
    store<f32>(square + at, meanMask - slope * meanGuide);
  }
  boxMean(product, smallWidth, smallHeight, spare, radius);
  boxMean(square, smallWidth, smallHeight, spare, radius);
  resizePlane(product, smallWidth, smallHeight, slopeUp, width, height, tables);
  resizePlane(square, smallWidth, smallHeight, offsetUp, width, height, tables);
  const lows = f32x4.splat(edgeLow);
  const span = f32x4.splat(edgeHigh - edgeLow);
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  const three = f32x4.splat(3);
  const two = f32x4.splat(2);
  let pixel = 0;
  for (; pixel + 4 <= count; pixel += 4) {
    const at = <usize>pixel << 2;
    const refined = f32x4.add(f32x4.mul(v128.load(slopeUp + at), v128.load(guide + at)), v128.load(offsetUp + at));
    const t = f32x4.min(f32x4.max(f32x4.div(f32x4.sub(refined, lows), span), zero), one);
    v128.store(out + at, f32x4.mul(f32x4.mul(t, t), f32x4.sub(three, f32x4.mul(two, t))));
  }
  for (; pixel < count; pixel++) {
    const at = <usize>pixel << 2;
    const refined = load<f32>(slopeUp + at) * load<f32>(guide + at) + load<f32>(offsetUp + at);
    const t = min(max((refined - edgeLow) / (edgeHigh - edgeLow), 0), 1);
    store<f32>(out + at, t * t * (3 - 2 * t));
  }
}

/**
 * `composeRegions` over the camera (RGB f32, count pixels each): out = camera/255 + (stylized −
 * camera/255)·weight, `camera` in 0..255 (the network's input), `weights` one f32 a pixel.
 */
export function composeOverCamera(camera: usize, stylized: usize, weights: usize, count: i32, out: usize): void {
  const scale = f32x4.splat(<f32>1 / 255);
  let pixel = 0;
  for (; pixel + 4 <= count; pixel += 4) {
    const w = v128.load(weights + (<usize>pixel << 2));
    const at = <usize>(pixel * 12);
    const w0 = v128.shuffle<f32>(w, w, 0, 0, 0, 1);
    const w1 = v128.shuffle<f32>(w, w, 1, 1, 2, 2);
    const w2 = v128.shuffle<f32>(w, w, 2, 3, 3, 3);
    const c0 = f32x4.mul(v128.load(camera + at), scale);
    const c1 = f32x4.mul(v128.load(camera + at, 16), scale);
    const c2 = f32x4.mul(v128.load(camera + at, 32), scale);
    v128.store(out + at, f32x4.add(c0, f32x4.mul(f32x4.sub(v128.load(stylized + at), c0), w0)));
    v128.store(out + at, f32x4.add(c1, f32x4.mul(f32x4.sub(v128.load(stylized + at, 16), c1), w1)), 16);
    v128.store(out + at, f32x4.add(c2, f32x4.mul(f32x4.sub(v128.load(stylized + at, 32), c2), w2)), 32);
  }
  for (; pixel < count; pixel++) {
    const weight = load<f32>(weights + (<usize>pixel << 2));
    for (let channel = 0; channel < 3; channel++) {
      const at = <usize>(pixel * 3 + channel) << 2;
      const content = load<f32>(camera + at) / 255;
      store<f32>(out + at, content + (load<f32>(stylized + at) - content) * weight);
    }
  }
}

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
