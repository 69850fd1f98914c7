import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { keepOriginalColours } from '../../../../src/worker/quality/colour-keeper';
import { luma } from '../../../../src/worker/quality/colour-space';
import { upsampleWithDetail } from '../../../../src/worker/quality/detail-upsampler';
import { motionMask, TemporalStabilizer } from '../../../../src/worker/quality/temporal-stabilizer';

// Each quality stage on small tensors with known answers (tfjs CPU backend).

/** A deterministic pseudo-random generator, so "noise" is the same every run. */
function noise(seed: number, length: number, amplitude: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length }, () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return ((state / 2 ** 32) * 2 - 1) * amplitude;
  });
}

/** A 16×16 RGB picture in 0..255: a bright square on grey, shifted `offset` pixels right, plus noise. */
function scene(offset: number, seed: number, amplitude = 4): tf.Tensor3D {
  const values = new Float32Array(16 * 16 * 3);
  for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) for (let c = 0; c < 3; c++) {
    const inSquare = x >= 4 + offset && x < 10 + offset && y >= 5 && y < 11;
    values[(y * 16 + x) * 3 + c] = inSquare ? 200 : 90;
  }
  const jitter = noise(seed, values.length, amplitude);
  return tf.tensor3d(values.map((v, i) => v + jitter[i]!), [16, 16, 3]);
}

const meanAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => a.sub(b).abs().mean().dataSync()[0]!);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('motionMask', () => {
  it('calls camera noise still and a moved edge moving', () => {
    // Noise as it reaches the gate: a camera's σ = 4 after the downscale to the processing size.
    const mask = tf.tidy(() => motionMask(scene(0, 1, 0.5), scene(0, 2, 0.5)));
    expect(mask.max().dataSync()[0]).toBe(0);
    const moved = tf.tidy(() => motionMask(scene(3, 1, 0.5), scene(0, 2, 0.5)));
    expect(moved.max().dataSync()[0]).toBe(1);
    tf.dispose([mask, moved]);
  });
});

describe('TemporalStabilizer', () => {
  it('converges to identical output on a static input', () => {
    const stabilizer = new TemporalStabilizer();
    const still = scene(0, 0, 0);
    const outputs: tf.Tensor3D[] = [];
    for (let i = 0; i < 30; i++) {
      outputs.push(tf.tidy(() => {
        const { input, motion } = stabilizer.stabilizeInput(still);
        return stabilizer.stabilizeOutput(input.div(255), motion);
      }));
    }
    expect(meanAbsDiff(outputs[28]!, outputs[29]!)).toBeLessThan(1e-6);
    expect(meanAbsDiff(outputs[29]!, still.div(255))).toBeLessThan(1e-6);
    tf.dispose([...outputs, still]);
    stabilizer.dispose();
  });

  it('cuts frame-to-frame change on a noisy still at least threefold, and follows motion at once', () => {
    const stabilizer = new TemporalStabilizer();
    const raw: number[] = [];
    const steady: number[] = [];
    let previousRaw: tf.Tensor3D | null = null;
    let previousSteady: tf.Tensor3D | null = null;
    for (let i = 0; i < 20; i++) {
      const frame = scene(0, 100 + i, 1);
      // The "network" here is the identity, so the output's flicker is the input's.
      const out = tf.tidy(() => {
        const { input, motion } = stabilizer.stabilizeInput(frame);
        return stabilizer.stabilizeOutput(input, motion);
      });
      if (previousRaw && previousSteady && i > 5) {
        raw.push(meanAbsDiff(frame, previousRaw));
        steady.push(meanAbsDiff(out, previousSteady));
      }
      previousRaw?.dispose();
      previousSteady?.dispose();
      previousRaw = frame;
      previousSteady = out;
    }
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean(raw) / mean(steady)).toBeGreaterThan(3);
    // A jump: the square moved 4 px. Its new place shows the new frame within a level.
    const moved = scene(4, 999, 0);
    const out = tf.tidy(() => {
      const { input, motion } = stabilizer.stabilizeInput(moved);
      return stabilizer.stabilizeOutput(input, motion);
    });
    const region = (t: tf.Tensor3D) => t.slice([5, 10, 0], [6, 4, 3]);
    expect(meanAbsDiff(region(out), region(moved))).toBeLessThan(1);
    tf.dispose([out, moved, previousRaw!, previousSteady!]);
    stabilizer.dispose();
  });

  it('frees what it keeps on reset, on a new size and on dispose', () => {
    const before = tf.memory().numTensors;
    const stabilizer = new TemporalStabilizer();
    const frame = scene(0, 1);
    tf.dispose(tf.tidy(() => {
      const { input, motion } = stabilizer.stabilizeInput(frame);
      stabilizer.stabilizeGuide(input.div(255), motion);
      return stabilizer.stabilizeOutput(input.div(255), motion);
    }));
    expect(stabilizer.keptTensors).toBe(3);
    stabilizer.resetOutput();
    expect(stabilizer.keptTensors).toBe(2);
    const smaller = tf.zeros([8, 8, 3]) as tf.Tensor3D;
    tf.dispose(tf.tidy(() => stabilizer.stabilizeInput(smaller).input));
    // Only the new size's input is kept; the old guide went with the old size.
    expect(stabilizer.keptTensors).toBe(1);
    stabilizer.dispose();
    tf.dispose([frame, smaller]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('keepOriginalColours', () => {
  it("keeps the stylized luminance's pattern and the camera's mean colour", () => {
    const camera = tf.tidy(() => scene(0, 1, 0).div(255).mul(tf.tensor1d([0.3, 1, 0.5])) as tf.Tensor3D);
    // A strongly blue "stylization" with its own pattern (the square elsewhere).
    const stylized = tf.tidy(() => scene(5, 2, 0).div(255).mul(tf.tensor1d([0.1, 0.2, 1])) as tf.Tensor3D);
    const kept = tf.tidy(() => keepOriginalColours(stylized, camera));
    const meanColour = (t: tf.Tensor3D) => Array.from(t.mean([0, 1]).dataSync());
    const distance = (a: number[], b: number[]) => Math.hypot(...a.map((v, i) => v - b[i]!));
    expect(distance(meanColour(kept), meanColour(camera))).toBeLessThan(0.02);
    expect(distance(meanColour(stylized), meanColour(camera))).toBeGreaterThan(0.2);
    // The luminance pattern is the stylized one (correlation of the two lumas is 1 after matching).
    const correlation = tf.tidy(() => {
      const a = luma(kept).sub(luma(kept).mean());
      const b = luma(stylized).sub(luma(stylized).mean());
      return a.mul(b).sum().div(a.square().sum().sqrt().mul(b.square().sum().sqrt())).dataSync()[0]!;
    });
    expect(correlation).toBeGreaterThan(0.99);
    tf.dispose([camera, stylized, kept]);
  });
});

describe('upsampleWithDetail', () => {
  it('is plain bilinear at detail 0 and adds back the camera edges the small frame lost', () => {
    const camera = tf.tidy(() => scene(0, 0, 0).div(255) as tf.Tensor3D);
    const cameraLow = tf.tidy(() => tf.image.resizeBilinear(camera, [4, 4], false, true) as tf.Tensor3D);
    // The identity "network": the stylized frame is the small camera frame.
    const stylized = cameraLow.clone();
    const plain = tf.tidy(() => upsampleWithDetail(stylized, { width: 16, height: 16 }, 0, luma(camera)));
    const guided = tf.tidy(() => upsampleWithDetail(stylized, { width: 16, height: 16 }, 1, luma(camera)).clipByValue(0, 1));
    expect(plain.shape).toEqual([16, 16, 3]);
    expect(meanAbsDiff(plain, tf.image.resizeBilinear(stylized, [16, 16], false, true))).toBeLessThan(1e-6);
    // A grey picture: all the luma detail back makes it the camera's again, far nearer than plain.
    expect(meanAbsDiff(guided, camera)).toBeLessThan(meanAbsDiff(plain, camera) / 4);
    tf.dispose([camera, cameraLow, stylized, plain, guided]);
  });
});
