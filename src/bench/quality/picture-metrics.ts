/** Figures of one picture, or of two consecutive ones, from RGBA or RGB pixels in 0..255. */

/** BT.601 luma of each pixel of an interleaved picture with `channels` channels. */
export function lumaOf(pixels: ArrayLike<number>, channels: number, scale = 1): Float32Array {
  const luma = new Float32Array(pixels.length / channels);
  for (let i = 0, p = 0; p < luma.length; i += channels, p++) {
    luma[p] = (0.299 * pixels[i]! + 0.587 * pixels[i + 1]! + 0.114 * pixels[i + 2]!) * scale;
  }
  return luma;
}

export function meanColour(pixels: ArrayLike<number>, channels: number, scale = 1): [number, number, number] {
  const sums = [0, 0, 0];
  const count = pixels.length / channels;
  for (let i = 0; i < pixels.length; i += channels) for (let c = 0; c < 3; c++) sums[c]! += pixels[i + c]!;
  return sums.map((sum) => (sum / count) * scale) as [number, number, number];
}

export function meanAbsDifference(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/** The luma minus its 3×3 box blur: the detail above the finest scale a 2× smaller frame holds. */
function highPass(luma: Float32Array, width: number, height: number): Float32Array {
  const out = new Float32Array(luma.length);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      let sum = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) sum += luma[(y + dy) * width + x + dx]!;
      out[y * width + x] = luma[y * width + x]! - sum / 9;
    }
  }
  return out;
}

/** Pearson correlation of the two pictures' high-passed luma: 1 when the fine edges are the camera's. */
export function detailCorrelation(output: Float32Array, camera: Float32Array, width: number, height: number): number {
  const a = highPass(output, width, height);
  const b = highPass(camera, width, height);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return ab / Math.sqrt(aa * bb || 1);
}

/** Mean magnitude of the luma's gradient (central differences), in levels per pixel: higher is crisper. */
export function meanGradient(luma: Float32Array, width: number, height: number): number {
  let sum = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const gx = (luma[y * width + x + 1]! - luma[y * width + x - 1]!) / 2;
      const gy = (luma[(y + 1) * width + x]! - luma[(y - 1) * width + x]!) / 2;
      sum += Math.hypot(gx, gy);
    }
  }
  return sum / ((width - 2) * (height - 2));
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
}
