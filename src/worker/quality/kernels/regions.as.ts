// The person mask refined on the frame (`refineMask` in region-mask.ts: He's fast guided filter),
// and the regions composed over the camera.
import { toBytes } from './output.as';
import { axisSamples, boxAcross, boxDown, fraction, heldRow, high, holdRows, low, releaseRows, resizePlane } from './sampling.as';

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

/** One pixel upsampled (four floats: RGB, region weight), the camera's detail added to its colour only. */
@inline function upsampled(upper: usize, lower: usize, x: i32, down: v128, detail: f32, guideRow: usize): v128 {
  const u = v128.load(upper + (<usize>x << 4));
  const value = f32x4.add(u, f32x4.mul(f32x4.sub(v128.load(lower + (<usize>x << 4)), u), down));
  if (guideRow == 0) return value;
  const added = detail * load<f32>(guideRow + (<usize>x << 2));
  return f32x4.add(value, f32x4.replace_lane(f32x4.splat(added), 3, 0));
}

/** [a, a, b, b]: two chroma samples, each for the two pixels of its block's row. */
@inline function pairOf(a: f32, b: f32): v128 {
  return f32x4.replace_lane(f32x4.replace_lane(f32x4.splat(a), 2, b), 3, b);
}

/** `camera` + weight·(`stylized` − `camera`), the weight in `stylized`'s fourth float (alpha is set by `toBytes`). */
@inline function overCamera(stylized: v128, camera: v128): v128 {
  const weight = v128.shuffle<f32>(stylized, stylized, 3, 3, 3, 3);
  return f32x4.add(camera, f32x4.mul(f32x4.sub(stylized, camera), weight));
}

/**
 * Person only / Background only at the output size, with the camera's own pixels: `compose`'s
 * upsampling with Detail of `picture` (four floats a pixel from `lowPass` with weights: RGB 0..1
 * and the region weight), blended over the camera frame's YUV 4:2:0 planes at `frame` (width ×
 * height, the output's size; I420, or NV12 when `interleaved`) by the upsampled weight, as 8-bit
 * RGBA at `out`. Where the weight is 0 the output is the camera's pixel at full resolution; chroma
 * is taken from its 2×2 block. `kr`, `kb`, `fullRange` as in `rgbFromYuv`. `scratch`: as `compose`.
 */
export function composeOverPlanes(
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
  // The camera in 0..1: Y' = (Y − black)·lumaScale; Cb, Cr = (U, V − 128)·chromaScale; the matrix's inverse.
  const black: f32 = fullRange ? 0 : 16;
  const lumaScale: f32 = fullRange ? <f32>1 / 255 : <f32>1 / 219;
  const chromaScale: f32 = fullRange ? <f32>1 / 255 : <f32>1 / 224;
  const kg: f32 = 1 - kr - kb;
  const redPerCr = f32x4.splat(2 * (1 - kr) * chromaScale);
  const bluePerCb = f32x4.splat(2 * (1 - kb) * chromaScale);
  const greenPerCb = f32x4.splat(((2 * kb * (1 - kb)) / kg) * chromaScale);
  const greenPerCr = f32x4.splat(((2 * kr * (1 - kr)) / kg) * chromaScale);
  const blacks = f32x4.splat(black);
  const lumaScales = f32x4.splat(lumaScale);
  const centre = f32x4.splat(128);
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
    // Four pixels at a time (the chroma of two 2×2 blocks), then the row's last one to three.
    let x = 0;
    for (; x + 4 <= width; x += 4) {
      const luma = f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(lumaRow + <usize>x))));
      const first = <usize>(x >> 1) * chromaStep;
      const u = pairOf(<f32>load<u8>(uRow + first), <f32>load<u8>(uRow + first + chromaStep));
      const v = pairOf(<f32>load<u8>(vRow + first), <f32>load<u8>(vRow + first + chromaStep));
      const level = f32x4.mul(f32x4.sub(luma, blacks), lumaScales);
      const cb = f32x4.sub(u, centre);
      const cr = f32x4.sub(v, centre);
      const red = f32x4.add(level, f32x4.mul(redPerCr, cr));
      const green = f32x4.sub(level, f32x4.add(f32x4.mul(greenPerCb, cb), f32x4.mul(greenPerCr, cr)));
      const blue = f32x4.add(level, f32x4.mul(bluePerCb, cb));
      // The four pixels' camera colours, one vector each (lanes: R, G, B, unused).
      const redGreenLow = v128.shuffle<f32>(red, green, 0, 4, 1, 5);
      const redGreenHigh = v128.shuffle<f32>(red, green, 2, 6, 3, 7);
      const bytes = toBytes(
        overCamera(upsampled(upper, lower, x, down, detail, guideRow), v128.shuffle<f32>(redGreenLow, blue, 0, 1, 4, 4)),
        overCamera(upsampled(upper, lower, x + 1, down, detail, guideRow), v128.shuffle<f32>(redGreenLow, blue, 2, 3, 5, 5)),
        overCamera(upsampled(upper, lower, x + 2, down, detail, guideRow), v128.shuffle<f32>(redGreenHigh, blue, 0, 1, 6, 6)),
        overCamera(upsampled(upper, lower, x + 3, down, detail, guideRow), v128.shuffle<f32>(redGreenHigh, blue, 2, 3, 7, 7)),
      );
      v128.store(outRow + (<usize>x << 2), bytes);
    }
    for (; x < width; x++) {
      // One pixel, its values splatted: the same formulas.
      const chroma = <usize>(x >> 1) * chromaStep;
      const level = f32x4.mul(f32x4.sub(f32x4.splat(<f32>load<u8>(lumaRow + <usize>x)), blacks), lumaScales);
      const cb = f32x4.sub(f32x4.splat(<f32>load<u8>(uRow + chroma)), centre);
      const cr = f32x4.sub(f32x4.splat(<f32>load<u8>(vRow + chroma)), centre);
      const redGreen = v128.shuffle<f32>(
        f32x4.add(level, f32x4.mul(redPerCr, cr)),
        f32x4.sub(level, f32x4.add(f32x4.mul(greenPerCb, cb), f32x4.mul(greenPerCr, cr))),
        0, 4, 0, 4,
      );
      const camera = v128.shuffle<f32>(redGreen, f32x4.add(level, f32x4.mul(bluePerCb, cb)), 0, 1, 4, 4);
      const value = overCamera(upsampled(upper, lower, x, down, detail, guideRow), camera);
      store<u32>(outRow + (<usize>x << 2), i32x4.extract_lane(toBytes(value, value, value, value), 0));
    }
  }
}
