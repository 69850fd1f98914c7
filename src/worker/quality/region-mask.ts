import * as tf from '@tensorflow/tfjs';
import type { StylizeRegion } from '../../shared/protocol';
import { luma, resizeTo, toThreeChannels } from './colour-space';

/**
 * The people in a frame: "person" probability on the segmenter's own grid, [mh,mw,1] in 0..1, for
 * RGB 0..255 pixels; null while no segmenter is ready (the whole frame is stylized meanwhile).
 */
export type Segment = (pixels: tf.Tensor3D) => tf.Tensor3D | null;

/**
 * Steadying the mask over time: a pixel takes STEADY_BASE of a new value when it barely changed
 * (camera noise: a still person's edge does not shimmer) and all of it once it changed by
 * (1 − STEADY_BASE) / STEADY_GAIN or more (a moving person leaves no ghost).
 */
const STEADY_BASE = 0.2;
const STEADY_GAIN = 2;
/**
 * The guided filter works at a quarter of the frame's size (He's "fast guided filter": its
 * coefficients are smooth, so they lose little there; the result is formed on the full-size guide)
 * with a window of this share of that size's short side; the smoothing is in luma² units. At half
 * size it cost 4.6 ms a frame at 340×256 on tfjs-wasm (one thread, Node), at a quarter 2.7 ms,
 * for an IoU with MediaPipe's masks of 0.990-0.994 instead of 0.995-0.996.
 */
const GUIDE_SCALE = 4;
const GUIDE_RADIUS_PER_PIXEL = 1 / 64;
export const GUIDE_EPSILON = 1e-3;
/**
 * The feathered edge: a refined probability below EDGE_LOW is background, above EDGE_HIGH person,
 * smooth between. It also keeps faint noise on an empty scene from turning into "person".
 */
export const EDGE_LOW = 0.3;
export const EDGE_HIGH = 0.7;

/**
 * While the scene is still (Reduce flicker saw no movement in the last frame), the segmenter runs on
 * one frame in this many instead: a person sitting still in a call keeps the same outline, and the
 * mask is still refined on each frame's own picture. Any movement brings the usual rate back at the
 * next frame; this cap refreshes the mask anyway (light changes, someone entering slowly).
 */
export const STILL_SCENE_SEGMENT_EVERY = 8;
/**
 * A frame is still when under this share of its pixels moved for sure (Reduce flicker's motion mask
 * at STILL_SCENE_MOVED or more). Camera noise keeps the mask's mean above 0.1 on a still scene, but
 * seldom reaches the top: on the still person camera with camera noise about 1% of the pixels did,
 * on the moving one 20-46% (`npm run bench -- --person-camera [--still-camera]`). A turned head is
 * more than 3%; a blink is not (and changes no outline).
 */
export const STILL_SCENE_MOVING_SHARE = 0.03;
export const STILL_SCENE_MOVED = 0.95;

/** Where the guided filter works for a frame of height × width: its grid and its box's radius. */
export function guidedFilterGrid(height: number, width: number): { small: [number, number]; radius: number } {
  const small: [number, number] = [Math.ceil(height / GUIDE_SCALE), Math.ceil(width / GUIDE_SCALE)];
  return { small, radius: Math.max(1, Math.round(Math.min(...small) * GUIDE_RADIUS_PER_PIXEL)) };
}

/** `refineMask`, or the same in another implementation (the SIMD kernels on CPU-side backends). */
export type MaskRefiner = (mask: tf.Tensor3D, pixels: tf.Tensor3D) => tf.Tensor3D;

/**
 * The mask upsampled to the frame's size with its edges moved onto the frame's own edges: a guided
 * filter (He et al.) with the frame's luma as guide, so hair and shoulders follow the picture
 * instead of the 256×144 grid's blocks. `mask` [mh,mw,1] 0..1, `pixels` [h,w,3] 0..255 → [h,w,1]
 * person probability, feathered. Call inside a tf.tidy.
 */
export function refineMask(mask: tf.Tensor3D, pixels: tf.Tensor3D): tf.Tensor3D {
  const [height, width] = pixels.shape;
  const { small, radius } = guidedFilterGrid(height, width);
  const window = 2 * radius + 1;
  // One channel at a time: on tfjs-wasm, concat and split cost ten times a box mean.
  const box = (image: tf.Tensor3D) => tf.avgPool(image, window, 1, 'same') as tf.Tensor3D;
  const guide = luma(pixels, 1 / 255);
  const smallGuide = resizeTo(guide, ...small);
  const smallMask = resizeTo(mask, ...small);
  const guideMean = box(smallGuide);
  const maskMean = box(smallMask);
  const covariance = box(smallGuide.mul(smallMask)).sub(guideMean.mul(maskMean));
  const variance = box(smallGuide.square()).sub(guideMean.square());
  const slope = covariance.div(variance.add(GUIDE_EPSILON)) as tf.Tensor3D;
  const offset = maskMean.sub(slope.mul(guideMean)) as tf.Tensor3D;
  const refined = resizeTo(box(slope), height, width).mul(guide).add(resizeTo(box(offset), height, width)) as tf.Tensor3D;
  const t = refined.sub(EDGE_LOW).div(EDGE_HIGH - EDGE_LOW).clipByValue(0, 1);
  // smoothstep: t²(3 − 2t)
  return t.square().mul(t.mul(-2).add(3)) as tf.Tensor3D;
}

/**
 * `stylized` where `weights` is 1, `content` where it is 0: [h,w,3] 0..1 each, `weights` [h,w,1].
 * Call inside a tf.tidy.
 */
export function composeRegions(stylized: tf.Tensor3D, content: tf.Tensor3D, weights: tf.Tensor3D): tf.Tensor3D {
  const [height, width] = stylized.shape;
  const weight = toThreeChannels(resizeTo(weights, height, width));
  return content.add(stylized.sub(content).mul(weight)) as tf.Tensor3D;
}

/** Frames per segmenter run on a backend: every frame on a GPU, every other one on CPUs (see RegionMask). */
export function segmentEvery(backendName: string): number {
  return backendName === 'wasm' || backendName === 'cpu' ? 2 : 1;
}

/**
 * Person / background stylization: which part of each frame the style goes on. Runs the segmenter
 * on the frame the network sees, steadies the mask over time, refines it to the frame's size and
 * turns it into per-pixel weights for the chosen region. Owns the one tensor it keeps between frames
 * (the steadied mask), freed on `reset` and `dispose`.
 */
export class RegionMask {
  private steadied: tf.Tensor3D | null = null;
  /** Frames since the segmenter last ran. */
  private sinceSegmented = 0;

  /**
   * `refine`: how the mask is brought to the frame (`refineMask` unless given).
   * `segmentEvery`: run the segmenter on one frame in this many, the mask kept in between (it is
   * still refined on each frame's own picture, so its outline follows the frame). 1 on GPUs; on
   * CPUs the segmenter costs about as much as the fast network's third, so every other frame.
   * `stillScene`: whether the last frame showed no movement, which stretches that to
   * STILL_SCENE_SEGMENT_EVERY (CPU-side chains know it from Reduce flicker's motion; never on GPUs).
   */
  constructor(
    private readonly region: () => StylizeRegion,
    private readonly segment: Segment,
    private readonly segmentEvery = 1,
    private readonly refine: MaskRefiner = refineMask,
    private readonly stillScene: () => boolean = () => false,
  ) {}

  /** Whether only part of the frame is stylized now (Person only, Background only, or each in its own style). */
  get active(): boolean {
    return this.region() !== 'everything';
  }

  /** Whether the next frame's `weights` (kept) runs the segmenter, rather than reusing the last mask. */
  get segmentsNextFrame(): boolean {
    return this.region() !== 'everything' && !this.reusesMask();
  }

  /** Whether the next frame takes the kept mask (asked before its `weights`, so both see the same last frame). */
  private reusesMask(): boolean {
    const every = this.stillScene() ? Math.max(this.segmentEvery, STILL_SCENE_SEGMENT_EVERY) : this.segmentEvery;
    return this.steadied !== null && this.sinceSegmented + 1 < every;
  }

  /**
   * How much of the style each pixel takes, [h,w,1] 0..1 at the pixels' size; null when all of the
   * frame is stylized. `keep` false runs the ops without touching what is kept. Call inside a tf.tidy.
   */
  weights(pixels: tf.Tensor3D, keep = true): tf.Tensor3D | null {
    const region = this.region();
    if (region === 'everything') {
      if (keep) this.reset();
      return null;
    }
    const reuse = keep && this.reusesMask();
    if (reuse) this.sinceSegmented++;
    const mask = reuse ? this.steadied : this.segmentNow(pixels, keep);
    if (!mask) return null;
    const person = this.refine(mask, pixels);
    // Person and background: the person's weight, the background's style taking the rest.
    return region === 'background' ? (tf.sub(1, person) as tf.Tensor3D) : person;
  }

  private segmentNow(pixels: tf.Tensor3D, keep: boolean): tf.Tensor3D | null {
    const raw = this.segment(pixels);
    if (!raw) return null;
    if (keep) this.sinceSegmented = 0;
    return this.steady(raw, keep);
  }

  private steady(raw: tf.Tensor3D, keep: boolean): tf.Tensor3D {
    const previous = this.steadied;
    const sameGrid = previous !== null && previous.shape.every((size, axis) => size === raw.shape[axis]);
    const change = sameGrid ? raw.sub(previous) : null;
    const steady = change && previous ? (previous.add(change.mul(change.abs().mul(STEADY_GAIN).add(STEADY_BASE).minimum(1))) as tf.Tensor3D) : raw;
    if (keep) {
      previous?.dispose();
      this.steadied = tf.keep(steady.clone());
    }
    return steady;
  }

  /** Tensors kept between frames. */
  get keptTensors(): number {
    return this.steadied ? 1 : 0;
  }

  /** The source stopped or changed: the next frame's mask starts afresh. */
  reset(): void {
    this.steadied?.dispose();
    this.steadied = null;
    this.sinceSegmented = 0;
  }

  dispose(): void {
    this.reset();
  }
}
