import { boxAcross, boxDown } from './sampling.as';

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
