// The person mask refined on the frame (`refineMask` in region-mask.ts: He's fast guided filter),
// and the regions composed over the camera.
import { boxAcross, boxDown, resizePlane } from './sampling.as';

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
