import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StylizeRegion } from '../../../../src/shared/protocol';
import { SimdOutputPasses } from '../../../../src/worker/quality/kernels/simd-output-passes';
import { composeRegions, refineMask, RegionMask, STILL_SCENE_SEGMENT_EVERY } from '../../../../src/worker/quality/region-mask';
import { pixelKernelsBytes } from '../../../support/paths';

// The region stages on small tensors (tfjs CPU backend), with a stand-in segmenter: the network
// itself is checked against MediaPipe's masks in tests/model.

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A 32×48 frame: a bright "person" block (columns 16-31) on a dark wall, 0..255. */
function frame(): tf.Tensor3D {
  return tf.tidy(() => {
    const column = tf.range(0, 48).reshape([1, 48, 1]);
    const inside = column.greaterEqual(16).logicalAnd(column.less(32)).cast('float32');
    return inside.mul(150).add(50).tile([32, 1, 3]) as tf.Tensor3D;
  });
}

/** A segmenter stand-in: the same block, on a coarse 8×12 grid, at `value` inside; counts its runs. */
function standIn(value = () => 1) {
  const stand = {
    runs: 0,
    segment: (_pixels: tf.Tensor3D) => {
      stand.runs++;
      const column = tf.range(0, 12).reshape([1, 12, 1]);
      return column.greaterEqual(4).logicalAnd(column.less(8)).cast('float32').mul(value()).tile([8, 1, 1]) as tf.Tensor3D;
    },
  };
  return stand;
}

const meanOf = (tensor: tf.Tensor, begin: number[], size: number[]) => tf.tidy(() => tensor.slice(begin, size).mean().dataSync()[0]!);

describe('region mask', () => {
  it('refines the coarse mask onto the frame’s own edges: person inside, background outside, at the frame’s size', () => {
    const pixels = frame();
    const segmenter = standIn();
    const refined = tf.tidy(() => refineMask(segmenter.segment(pixels), pixels));
    expect(refined.shape).toEqual([32, 48, 1]);
    expect(meanOf(refined, [0, 20, 0], [32, 8, 1])).toBeGreaterThan(0.95);
    expect(meanOf(refined, [0, 0, 0], [32, 10, 1])).toBeLessThan(0.05);
    expect(meanOf(refined, [0, 38, 0], [32, 10, 1])).toBeLessThan(0.05);
    tf.dispose([pixels, refined]);
  });

  it('gives the style to the chosen region only, and nothing to mask for Everything', () => {
    const pixels = frame();
    let region: StylizeRegion = 'person';
    const regions = new RegionMask(() => region, standIn().segment);
    const stylized = tf.fill([32, 48, 3], 1) as tf.Tensor3D;
    const content = tf.zeros([32, 48, 3]) as tf.Tensor3D;
    const composed = (r: StylizeRegion) => {
      region = r;
      const weights = regions.weights(pixels);
      const result = weights ? composeRegions(stylized, content, weights) : null;
      weights?.dispose();
      return result;
    };
    const person = composed('person')!;
    expect(meanOf(person, [0, 20, 0], [32, 8, 3])).toBeGreaterThan(0.95);
    expect(meanOf(person, [0, 0, 0], [32, 10, 3])).toBeLessThan(0.05);
    const background = composed('background')!;
    expect(meanOf(background, [0, 20, 0], [32, 8, 3])).toBeLessThan(0.05);
    expect(meanOf(background, [0, 0, 0], [32, 10, 3])).toBeGreaterThan(0.95);
    expect(composed('everything')).toBeNull();
    // Everything drops the kept mask.
    expect(regions.keptTensors).toBe(0);
    tf.dispose([pixels, stylized, content, person, background]);
    regions.dispose();
  });

  it('steadies small changes (noise) and follows large ones (a person leaving) at once', () => {
    const pixels = frame();
    let value = 1;
    const regions = new RegionMask(() => 'person', standIn(() => value).segment);
    const personWeight = () => tf.tidy(() => meanOf(regions.weights(pixels)!, [0, 20, 0], [32, 8, 1]));
    expect(personWeight()).toBeGreaterThan(0.95);
    // The network's answer flickering around the edge threshold (0.5 ± 0.1, camera noise on a still
    // person): the steadied weight changes from frame to frame far less than the raw answer would.
    const unsteadied = (v: number) => tf.tidy(() => meanOf(refineMask(standIn(() => v).segment(pixels), pixels), [0, 20, 0], [32, 8, 1]));
    const rawChange = Math.abs(unsteadied(0.6) - unsteadied(0.4));
    const weights: number[] = [];
    for (let i = 0; i < 8; i++) {
      value = i % 2 === 0 ? 0.6 : 0.4;
      weights.push(personWeight());
    }
    const steadiedChange = Math.abs(weights[7]! - weights[6]!);
    expect(rawChange).toBeGreaterThan(0.3);
    expect(steadiedChange).toBeLessThan(rawChange * 0.5);
    // A large change (the person left) is taken at once: the block is background in the very next frame.
    value = 0;
    expect(personWeight()).toBeLessThan(0.05);
    expect(regions.keptTensors).toBe(1);
    regions.reset();
    expect(regions.keptTensors).toBe(0);
    pixels.dispose();
  });

  it('runs the segmenter on one frame in `segmentEvery`, keeps no more than its one mask, and frees it', () => {
    const pixels = frame();
    const segmenter = standIn();
    const regions = new RegionMask(() => 'background', segmenter.segment, 2);
    const before = tf.memory().numTensors;
    const frameOnce = (keep: boolean) => tf.tidy(() => void regions.weights(pixels, keep));
    for (let i = 0; i < 6; i++) frameOnce(true);
    expect(segmenter.runs).toBe(3);
    expect(tf.memory().numTensors).toBe(before + 1);
    // Precompiling (keep false) always runs the ops, and keeps nothing new.
    frameOnce(false);
    expect(segmenter.runs).toBe(4);
    expect(tf.memory().numTensors).toBe(before + 1);
    regions.dispose();
    expect(tf.memory().numTensors).toBe(before);
    pixels.dispose();
  });

  it('says ahead of each frame whether that frame runs the segmenter (for engines that compute the mask ahead)', () => {
    const pixels = frame();
    let region: StylizeRegion = 'everything';
    for (const every of [1, 2, 3]) {
      const segmenter = standIn();
      const regions = new RegionMask(() => region, segmenter.segment, every);
      region = 'everything';
      expect(regions.segmentsNextFrame).toBe(false);
      region = 'person';
      const said: boolean[] = [];
      const ran: boolean[] = [];
      for (let i = 0; i < 7; i++) {
        said.push(regions.segmentsNextFrame);
        const runs = segmenter.runs;
        tf.tidy(() => void regions.weights(pixels));
        ran.push(segmenter.runs > runs);
      }
      expect(said).toEqual(ran);
      expect(ran.filter(Boolean)).toHaveLength(Math.ceil(7 / every));
      regions.dispose();
    }
    pixels.dispose();
  });

  it('on a still scene runs the segmenter on one frame in STILL_SCENE_SEGMENT_EVERY, and at the usual rate again from the frame after a movement', () => {
    const pixels = frame();
    const segmenter = standIn();
    let still = true;
    const regions = new RegionMask(() => 'person', segmenter.segment, 2, undefined, () => still);
    const said: boolean[] = [];
    const ran: boolean[] = [];
    const frames = (count: number) => {
      for (let i = 0; i < count; i++) {
        said.push(regions.segmentsNextFrame);
        const runs = segmenter.runs;
        tf.tidy(() => void regions.weights(pixels));
        ran.push(segmenter.runs > runs);
      }
    };
    frames(2 * STILL_SCENE_SEGMENT_EVERY);
    expect(ran.filter(Boolean)).toHaveLength(2);
    // The scene moves: the next frame that is due at the usual rate (every other frame) runs it.
    still = false;
    frames(4);
    expect(ran.slice(-4).filter(Boolean)).toHaveLength(2);
    expect(said).toEqual(ran);
    regions.dispose();
    pixels.dispose();
  });

  it('refines the same in the WebAssembly SIMD kernels as in tensor ops, on a noisy frame with a soft-edged mask', async () => {
    const passes = await SimdOutputPasses.create(await WebAssembly.compile(pixelKernelsBytes()));
    // 90 wide (not a multiple of four: the kernels' scalar tails) and a mask grid of another shape.
    const [height, width] = [66, 90];
    let state = 7;
    const random = () => (state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32;
    const pixels = tf.tidy(() => {
      const values = Int32Array.from({ length: height * width * 3 }, (_, index) => {
        const x = Math.floor(index / 3) % width;
        return Math.round((x > 30 && x < 60 ? 170 : 60) + (random() - 0.5) * 40);
      });
      return tf.tensor3d(values, [height, width, 3], 'int32');
    });
    const mask = tf.tidy(() => {
      const column = tf.range(0, 40).reshape([1, 40, 1]).cast('float32');
      // A soft ramp up at column 13, down at column 27: a probability, not a hard block.
      return column.sub(13).div(3).sigmoid().mul(column.sub(27).div(-3).sigmoid()).tile([24, 1, 1]) as tf.Tensor3D;
    });
    const tensors = tf.tidy(() => refineMask(mask, pixels));
    const kernels = tf.tidy(() => passes.refineMask(mask, pixels));
    expect(kernels.shape).toEqual([height, width, 1]);
    const difference = tf.tidy(() => tensors.sub(kernels).abs());
    expect(difference.max().dataSync()[0]).toBeLessThan(1e-3);
    // Not trivially equal: the refined mask has both regions and a feathered edge between.
    expect(meanOf(kernels, [0, 40, 0], [height, 10, 1])).toBeGreaterThan(0.9);
    expect(meanOf(kernels, [0, 0, 0], [height, 20, 1])).toBeLessThan(0.1);
    tf.dispose([pixels, mask, tensors, kernels, difference]);
    passes.dispose();
  });
});
