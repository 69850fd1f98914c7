// Sampling helpers of the pixel kernels (pixel-kernels.as.ts): tfjs's bilinear sampling positions
// (half-pixel centres), rows resampled across once a frame, box means with TF's 'same' padding.

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

@inline export function low(table: usize, index: i32): i32 {
  return load<i32>(table + (<usize>index << 2));
}
@inline export function high(table: usize, length: i32, index: i32): i32 {
  return load<i32>(table + (<usize>(length + index) << 2));
}
@inline export function fraction(table: usize, length: i32, index: i32): f32 {
  return load<f32>(table + (<usize>(2 * length + index) << 2));
}

/** One row of a single-channel plane resampled across to `width` values at `out`. */
export function acrossPlane(out: usize, plane: usize, planeWidth: i32, row: i32, columns: usize, width: i32): void {
  const start = plane + (<usize>(row * planeWidth) << 2);
  for (let x = 0; x < width; x++) {
    const left = load<f32>(start + (<usize>low(columns, x) << 2));
    const right = load<f32>(start + (<usize>high(columns, width, x) << 2));
    store<f32>(out + (<usize>x << 2), left + (right - left) * fraction(columns, width, x));
  }
}

/** One row of a four-float-per-pixel picture resampled across to `width` pixels at `out`. */
export function acrossPixels(out: usize, picture: usize, pictureWidth: i32, row: i32, columns: usize, width: i32): void {
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

/** Forgets the rows held (each kernel that resamples rows starts with this). */
export function releaseRows(): void {
  heldA = heldB = -1;
}

/** Which row buffer holds source row `row` (after `holdRows`). */
@inline export function heldRow(row: i32, rowA: usize, rowB: usize): usize {
  return row == heldA ? rowA : rowB;
}

/**
 * Makes source rows `upperRow` and `lowerRow` (of a plane, or of four floats a pixel) resampled
 * across, in row buffers A and B: consecutive output rows mostly share their two source rows, so
 * each is resampled across once a frame. The row that is not the other one of the pair is replaced.
 */
export function holdRows(upperRow: i32, lowerRow: i32, source: usize, sourceWidth: i32, columns: usize, width: i32, rowA: usize, rowB: usize, fourFloats: bool): void {
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

/** A box average along rows with TF's 'same' padding (the padding not counted), `plane` → `out`, as a running sum. */
export function boxAcross(plane: usize, width: i32, height: i32, out: usize, radius: i32): void {
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
export function boxDown(plane: usize, width: i32, height: i32, out: usize, radius: i32): void {
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

/** A single-channel plane resized bilinearly (half-pixel centres); `tables`: room for two sample tables. */
export function resizePlane(from: usize, fromWidth: i32, fromHeight: i32, to: usize, width: i32, height: i32, tables: usize): void {
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
