import * as tf from '@tensorflow/tfjs';
import { luma, resizeTo, toThreeChannels } from './colour-space';

/**
 * Motion gate on the box-blurred difference between a frame (at the processing size) and the
 * running reference, in luma levels: below the noise bound a pixel counts as still, above the
 * motion bound as moving. Both bounds follow the frame's own noise, estimated as the mean
 * |difference − blurred difference| (camera noise is fine-grained) of the quietest block of the
 * frame, so a noisier camera does not count its noise as motion. Fixed bounds tuned on one clip (0.4/1.5
 * levels) gave 4.2× less flicker there but only 1.7× on a clip with 1.5× its noise.
 * The factors were set with `npm run quality` (see docs/picture-quality.md); the floors keep a
 * very clean picture from counting compression wobble as motion.
 */
export const NOISE_BOUND = { perNoise: 0.2, floor: 0.3 };
export const MOTION_BOUND = { perNoise: 0.75, floor: 1 };
export const BLUR_SIZE = 5;
export const NOISE_GRID = 4;
/**
 * How much of a new frame a still pixel takes: an exponential average over about 1/weight frames.
 * At 0.3/0.25 the still scene's flicker dropped 11× but a slow pan trailed; these follow it.
 */
export const STILL_INPUT_WEIGHT = 0.5;
export const STILL_OUTPUT_WEIGHT = 0.4;

/** Where a frame moved (1) or stood still (0) against the reference, at the frame's size; [H,W,1]. */
export function motionMask(frame: tf.Tensor3D, reference: tf.Tensor3D): tf.Tensor3D {
  // Luma is linear: one channel mix of the difference instead of two.
  const difference = luma(frame.sub(reference) as tf.Tensor3D);
  const blurred = tf.avgPool(difference, BLUR_SIZE, 1, 'same') as tf.Tensor3D;
  // The least busy of a 4×4 grid of blocks: a moving edge raises its own block, not the flattest
  // one, so a pan does not pass for noise. A scalar on the backend: no readback.
  const [height, width] = difference.shape;
  const block: [number, number] = [Math.max(1, Math.floor(height / NOISE_GRID)), Math.max(1, Math.floor(width / NOISE_GRID))];
  const noise = tf.avgPool(difference.sub(blurred).abs() as tf.Tensor3D, block, block, 'valid').min();
  const low = noise.mul(NOISE_BOUND.perNoise).maximum(NOISE_BOUND.floor);
  const high = noise.mul(MOTION_BOUND.perNoise).maximum(MOTION_BOUND.floor);
  return blurred.abs().sub(low).div(high.sub(low)).clipByValue(0, 1) as tf.Tensor3D;
}

/**
 * previous + w·(next − previous) with w = stillWeight where still, 1 where moving. The weight is
 * worked out at the motion mask's (processing) size and resized once to the blended tensor's.
 */
function gatedBlend(previous: tf.Tensor3D, next: tf.Tensor3D, motion: tf.Tensor3D, stillWeight: number): tf.Tensor3D {
  const [height, width, channels] = next.shape;
  const single = resizeTo(motion.mul(1 - stillWeight).add(stillWeight) as tf.Tensor3D, height, width);
  const weight = channels === 1 ? single : toThreeChannels(single);
  return previous.add(next.sub(previous).mul(weight)) as tf.Tensor3D;
}

/** Replaces a kept tensor: the new one outlives the frame's tf.tidy, the old one is freed. */
function replaceKept(old: tf.Tensor3D | null, next: tf.Tensor3D): tf.Tensor3D {
  old?.dispose();
  // A clone shares the data: the caller may dispose what it was handed without touching ours.
  return tf.keep(next.clone());
}

function sameShape(a: tf.Tensor | null, b: tf.Tensor): a is tf.Tensor3D {
  return a !== null && a.shape.every((size, axis) => size === b.shape[axis]);
}

/**
 * "Reduce flicker": temporal stabilization without retraining the network, on the backend.
 * Feed-forward style transfer redraws its brush strokes from scratch each frame, so camera noise
 * and tiny movements make them shimmer. Each frame is compared with a running reference of the
 * camera: where it stood still, (1) the network's input is averaged over the last few frames
 * (denoising what the strokes are drawn from), (2) so is the camera frame that the detail and the
 * original colours come from, and (3) the new stylization is blended into the previous output.
 * Where it moved, all three take the new frame as is, so motion does not leave trails.
 *
 * Owns the three references it keeps between frames (network input, camera guide, output); they
 * are freed on `reset` (new size, new style, source stopped) and `dispose`, and replaced whenever
 * a frame's size differs from theirs.
 */
export class TemporalStabilizer {
  private input: tf.Tensor3D | null = null;
  private guide: tf.Tensor3D | null = null;
  private output: tf.Tensor3D | null = null;

  /** `onReset`: told whenever the references are dropped, for what its owner keeps beside them. */
  constructor(private readonly onReset: () => void = () => {}) {}

  /** Tensors kept between frames (for leak accounting in tests). */
  get keptTensors(): number {
    return [this.input, this.guide, this.output].filter((tensor) => tensor !== null).length;
  }

  /**
   * The network's input (float, 0..255, [h,w,3]) averaged where still, and the motion mask at that
   * size. `keep` false (shader precompiling) computes the same ops without touching the references.
   * Call inside a tf.tidy.
   */
  stabilizeInput(frame: tf.Tensor3D, keep = true): { input: tf.Tensor3D; motion: tf.Tensor3D } {
    const current = frame.toFloat() as tf.Tensor3D;
    const known = sameShape(this.input, current);
    // A new size (or the first frame) drops everything kept at the old one.
    if (keep && !known) this.resetAll();
    // Without history the frame is its own reference: the blend then returns it unchanged, through
    // the same kernels as every later frame (so shader precompiling covers both cases).
    const reference = known ? this.input! : current;
    const motion = motionMask(current, reference);
    const input = gatedBlend(reference, current, motion, STILL_INPUT_WEIGHT);
    if (keep) this.input = replaceKept(this.input, input);
    return { input, motion };
  }

  /** The camera's luma at the output size (0..1, [H,W,1]) averaged where still. Call inside a tf.tidy. */
  stabilizeGuide(camera: tf.Tensor3D, motion: tf.Tensor3D, keep = true): tf.Tensor3D {
    const reference = sameShape(this.guide, camera) ? this.guide : camera;
    const stabilized = gatedBlend(reference, camera, motion, STILL_INPUT_WEIGHT);
    if (keep) this.guide = replaceKept(this.guide, stabilized);
    return stabilized;
  }

  /** The network's output (0..1, [h,w,3]) blended into the previous one where still. Call inside a tf.tidy. */
  stabilizeOutput(stylized: tf.Tensor3D, motion: tf.Tensor3D, keep = true): tf.Tensor3D {
    const reference = sameShape(this.output, stylized) ? this.output : stylized;
    const stabilized = gatedBlend(reference, stylized, motion, STILL_OUTPUT_WEIGHT);
    if (keep) this.output = replaceKept(this.output, stabilized);
    return stabilized;
  }

  /** Forgets the previous output only: a new style must not be blended with the old one's strokes. */
  resetOutput(): void {
    this.output?.dispose();
    this.output = null;
  }

  resetAll(): void {
    tf.dispose([this.input, this.guide, this.output].filter((tensor): tensor is tf.Tensor3D => tensor !== null));
    this.input = this.guide = this.output = null;
    this.onReset();
  }

  dispose(): void {
    this.resetAll();
  }
}
