import * as tf from '@tensorflow/tfjs';
import type { Size } from '../geometry/frame-sizes';
import { importCameraLuma, type CameraImage } from './camera-luma';
import { keepOriginalColours } from './colour-keeper';
import { luma as lumaOf, resizeTo } from './colour-space';
import { upsampleWithDetail } from './detail-upsampler';
import { composeRegions, type RegionMask } from './region-mask';
import { TemporalStabilizer } from './temporal-stabilizer';
import { isYuvPicture, rgbFromYuv, type YuvPicture } from './yuv-picture';

const sizeOf = (image: tf.Tensor3D): [number, number] => [image.shape[0], image.shape[1]];

/** The picture-quality switches, read afresh for every frame so a change shows on the next one. */
export interface QualitySettings {
  reduceFlicker: boolean;
  keepColours: boolean;
  /** 0..1: how much of the camera's fine detail the upsampling adds back (0 = plain bilinear). */
  detail: number;
}

/** What the chain hands the network, and carries over to the same frame's output. */
export interface PreparedFrame {
  /** The network's input: float 0..255 at the processing size. */
  input: tf.Tensor3D;
  /** Where the frame moved (1) or not (0), [h,w,1]; null without Reduce flicker. */
  motion: tf.Tensor3D | null;
  /** The camera's luma at the output size, [H,W,1] in 0..1 (stabilized with Reduce flicker); null without Detail or when the chain keeps it off the backend. */
  cameraLuma: tf.Tensor3D | null;
  /** How much of the style each pixel takes (Person only / Background only), [h,w,1]; null when all of it. */
  regionWeights: tf.Tensor3D | null;
  /**
   * The camera's RGB at the output size, 0..1, when the unstylized region is composed there (its
   * own pixels at full resolution); null when the regions are composed at the processing size.
   */
  cameraColour: tf.Tensor3D | null;
}

/**
 * A finished frame for the sink: a [H,W,3] 0..1 tensor (the sink draws and disposes it) or 8-bit
 * RGBA pixels (owned by the chain, valid until the next frame but one).
 */
export type OutputFrame = tf.Tensor3D | ImageData;

/** The chain as the frame pipeline uses it (QualityChain, or a timed wrapper in the quality bench). */
export interface FrameQuality {
  needsCamera(): boolean;
  /** The frame's pixels at the processing size onto the backend (RGB 0..255, [h,w,3]); a YUV frame is scaled to its `to` size. */
  importPixels(image: ImageData | ImageBitmap | YuvPicture): tf.Tensor3D;
  prepare(pixels: tf.Tensor3D, camera: CameraImage | null, keep?: boolean): PreparedFrame;
  finish(stylized: tf.Tensor3D, frame: PreparedFrame, output: Size, keep?: boolean, background?: tf.Tensor3D | null): tf.Tensor3D;
  present(finished: tf.Tensor3D, output: Size): OutputFrame;
  styleChanged(): void;
  reset(): void;
  readonly keptTensors: number;
  dispose(): void;
}

/**
 * The post-processing chain around the network, every stage on the backend's tensors (no readback,
 * no per-pixel JS): Reduce flicker (input side, then output side), Keep original colours (at the
 * processing size: chroma needs no more resolution than that, as in 4:2:0 video), then upsampling
 * to the output size with the camera's detail (luma only). Each stage can be switched
 * independently. The chain owns the only tensors kept between frames (the stabilizer's references)
 * and frees them on a new size, a new style (`styleChanged`), a stop (`reset`) and `dispose`.
 * GPU backends use it as is; `PixelQualityChain` does the output-size stages in one pass each on
 * CPU-side backends.
 */
export class QualityChain implements FrameQuality {
  protected readonly stabilizer = new TemporalStabilizer(() => this.stabilizerReset());

  /** `regions`: which part of the frame is stylized (owned by the chain from here: reset and disposed with it). */
  constructor(
    protected readonly settings: () => QualitySettings,
    protected readonly regions: RegionMask | null = null,
  ) {}

  /**
   * Whether the last frame showed no movement (see `RegionMask`'s `stillScene`). Only CPU-side
   * chains tell: on a GPU it would take a readback of the motion mask.
   */
  get sceneStill(): boolean {
    return false;
  }

  /**
   * Whether the frame must also be imported at the output size: Detail reads the camera's luma
   * there, and Person only / Background only its own pixels where the chain composes them there.
   */
  needsCamera(): boolean {
    return this.settings().detail > 0 || (this.regions?.active === true && this.composesOverCameraAtOutput());
  }

  /** Whether Person only / Background only take the unstylized region from the camera at the output size. */
  protected composesOverCameraAtOutput(): boolean {
    return true;
  }

  importPixels(image: ImageData | ImageBitmap | YuvPicture): tf.Tensor3D {
    if (isYuvPicture(image)) return tf.tensor3d(rgbFromYuv(image), [image.to.height, image.to.width, 3]);
    return tf.browser.fromPixels(image);
  }

  /**
   * Before the network. `pixels`: the frame at the processing size (RGB, 0..255); `camera`: the
   * frame at the output size, when `needsCamera` (the caller still owns it). `keep` false runs the
   * same ops without touching what the chain keeps (shader precompiling). Call inside a tf.tidy.
   */
  prepare(pixels: tf.Tensor3D, camera: CameraImage | null, keep = true): PreparedFrame {
    const { reduceFlicker } = this.settings();
    const regionWeights = this.regions?.weights(pixels, keep) ?? null;
    const cameraColour = regionWeights && camera ? this.importCameraColour(camera) : null;
    if (!reduceFlicker) {
      if (keep) this.stabilizer.resetAll();
      return { input: pixels.toFloat() as tf.Tensor3D, motion: null, cameraLuma: this.steadyCamera(camera, null, keep, cameraColour), regionWeights, cameraColour };
    }
    const { input, motion } = this.stabilizeInput(pixels, keep);
    return { input, motion, cameraLuma: this.steadyCamera(camera, motion, keep, cameraColour), regionWeights, cameraColour };
  }

  /**
   * After the network: `stylized` (0..1 at the processing size) → what `present` hands the sink.
   * `background`: the same frame in the background's style (Person and background), composed with
   * `stylized` by the region weights before anything else. Call inside a tf.tidy.
   */
  finish(stylized: tf.Tensor3D, frame: PreparedFrame, output: Size, keep = true, background: tf.Tensor3D | null = null): tf.Tensor3D {
    const { keepColours } = this.settings();
    const size = sizeOf(frame.input);
    const twoStyles = background && frame.regionWeights ? composeRegions(resizeTo(stylized, ...size), resizeTo(background, ...size), frame.regionWeights) : null;
    const picture = twoStyles ?? stylized;
    const steady = frame.motion ? this.stabilizeOutput(picture, frame.motion, keep) : picture;
    // The camera at the processing size, 0..1: made once, if a stage below reads it.
    let camera: tf.Tensor3D | null = null;
    const cameraPicture = () => (camera ??= frame.input.div(255) as tf.Tensor3D);
    // Person only / Background only: the other region is the camera's, its own pixels at the output
    // size where the chain has them, else the frame at the processing size (through the same colours and Detail).
    const oneRegion = frame.regionWeights && !twoStyles ? frame.regionWeights : null;
    const atOutput = oneRegion && frame.cameraColour ? frame.cameraColour : null;
    const regions = oneRegion && !atOutput ? this.composeOverCamera(resizeTo(steady, ...size), oneRegion, frame.input, cameraPicture) : steady;
    const coloured = keepColours ? keepOriginalColours(resizeTo(regions, ...size), cameraPicture()) : regions;
    const upsampled = this.upsample(coloured, frame, output);
    return oneRegion && atOutput ? composeRegions(upsampled, atOutput, oneRegion) : upsampled;
  }

  /** Outside any tidy: the finished tensor (owned from here) as the sink takes it. */
  present(finished: tf.Tensor3D, _output: Size): OutputFrame {
    return finished;
  }

  /** Reduce flicker's input side: the network's input averaged where still, and the motion mask. */
  protected stabilizeInput(pixels: tf.Tensor3D, keep: boolean): { input: tf.Tensor3D; motion: tf.Tensor3D } {
    return this.stabilizer.stabilizeInput(pixels, keep);
  }

  /** Reduce flicker's output side: the stylized frame blended into the previous one where still. */
  protected stabilizeOutput(stylized: tf.Tensor3D, motion: tf.Tensor3D, keep: boolean): tf.Tensor3D {
    return this.stabilizer.stabilizeOutput(stylized, motion, keep);
  }

  /**
   * `stylized` where `weights` is 1, the camera where 0: `input` is the network's input (0..255),
   * `cameraPicture` the same in 0..1, made once per frame for every stage that reads it.
   */
  protected composeOverCamera(stylized: tf.Tensor3D, weights: tf.Tensor3D, _input: tf.Tensor3D, cameraPicture: () => tf.Tensor3D): tf.Tensor3D {
    return composeRegions(stylized, cameraPicture(), weights);
  }

  /**
   * The camera's RGB at the output size (0..1) for the unstylized region: from an RGBA copy (a
   * bitmap on GPU backends, a texture upload, no readback); null for a Y plane, which has no colour.
   */
  protected importCameraColour(camera: CameraImage): tf.Tensor3D | null {
    return 'fullRange' in camera ? null : (tf.browser.fromPixels(camera).toFloat().div(255) as tf.Tensor3D);
  }

  /**
   * The camera's luma at the output size on the backend, steadied where `motion` says still (for
   * Detail only); from `colour` when the frame already brought the camera's RGB in (one upload, not two).
   */
  protected steadyCamera(camera: CameraImage | null, motion: tf.Tensor3D | null, keep: boolean, colour: tf.Tensor3D | null = null): tf.Tensor3D | null {
    if (!camera || this.settings().detail <= 0) return null;
    const luma = colour ? lumaOf(colour) : importCameraLuma(camera);
    return motion ? this.stabilizer.stabilizeGuide(luma, motion, keep) : luma;
  }

  protected upsample(coloured: tf.Tensor3D, frame: PreparedFrame, output: Size): tf.Tensor3D {
    return upsampleWithDetail(coloured, output, this.settings().detail, frame.cameraLuma);
  }

  /** The stabilizer dropped its references (a new size, Reduce flicker off, a stop). */
  protected stabilizerReset(): void {}

  /** A new style: the previous output's strokes must not linger in the new one. */
  styleChanged(): void {
    this.stabilizer.resetOutput();
  }

  /** The source stopped or changed: nothing of the old picture carries over. */
  reset(): void {
    this.stabilizer.resetAll();
    this.regions?.reset();
  }

  /** Tensors the chain keeps between frames. */
  get keptTensors(): number {
    return this.stabilizer.keptTensors + (this.regions?.keptTensors ?? 0);
  }

  dispose(): void {
    this.stabilizer.dispose();
    this.regions?.dispose();
  }
}
