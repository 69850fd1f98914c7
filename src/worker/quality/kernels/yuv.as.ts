// YUV → RGB for the kernels that read a camera's planes (frame-import.as.ts, output.as.ts): set
// once per call for the frame's range and matrix, then four pixels at a time.

/** Y' = (Y − black)·lumaScale; Cb, Cr = (U, V − 128)·chromaScale folded into the matrix's inverse. */
let blacks: v128 = f32x4.splat(16);
let lumaScales: v128 = f32x4.splat(1);
let redPerCr: v128 = f32x4.splat(0);
let bluePerCb: v128 = f32x4.splat(0);
let greenPerCb: v128 = f32x4.splat(0);
let greenPerCr: v128 = f32x4.splat(0);

/** Four pixels' colour from the last `yuvToRgb`, unclamped, white at the `white` given to `useYuvMatrix`. */
export let red: v128 = f32x4.splat(0);
export let green: v128 = f32x4.splat(0);
export let blue: v128 = f32x4.splat(0);

/** The conversion for a frame: video (16..235 luma, 16..240 chroma) or full range; `kr`, `kb` the matrix's luma weights of red and blue; white at `white` (255 or 1). */
export function useYuvMatrix(fullRange: bool, kr: f32, kb: f32, white: f32): void {
  const chromaScale: f32 = white / (fullRange ? <f32>255 : <f32>224);
  const kg: f32 = 1 - kr - kb;
  blacks = f32x4.splat(fullRange ? 0 : 16);
  lumaScales = f32x4.splat(white / (fullRange ? <f32>255 : <f32>219));
  redPerCr = f32x4.splat(2 * (1 - kr) * chromaScale);
  bluePerCb = f32x4.splat(2 * (1 - kb) * chromaScale);
  greenPerCb = f32x4.splat(((2 * kb * (1 - kb)) / kg) * chromaScale);
  greenPerCr = f32x4.splat(((2 * kr * (1 - kr)) / kg) * chromaScale);
}

/** Four pixels' Y, U, V (0..255 as floats) → `red`, `green`, `blue`. */
@inline export function yuvToRgb(luma: v128, u: v128, v: v128): void {
  const level = f32x4.mul(f32x4.sub(luma, blacks), lumaScales);
  const centre = f32x4.splat(128);
  const cb = f32x4.sub(u, centre);
  const cr = f32x4.sub(v, centre);
  red = f32x4.add(level, f32x4.mul(redPerCr, cr));
  green = f32x4.sub(level, f32x4.add(f32x4.mul(greenPerCb, cb), f32x4.mul(greenPerCr, cr)));
  blue = f32x4.add(level, f32x4.mul(bluePerCb, cb));
}
