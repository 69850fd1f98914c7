import * as tf from '@tensorflow/tfjs';
import type { Size } from '../pipeline/processing-size';
import { keepOriginalColours } from './colour-keeper';
import { resizeTo } from './colour-space';
import { upsampleWithDetail } from './detail-upsampler';
import { TemporalStabilizer } from './temporal-stabilizer';

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
  /** The camera's luma at the output size, [H,W,1] in 0..1 (stabilized with Reduce flicker); null without Detail. */
  cameraLuma: tf.Tensor3D | null;
}

/**
 * The post-processing chain around the network, every stage on the backend's tensors (no readback,
 * no per-pixel JS): Reduce flicker (input side, then output side), Keep original colours (at the
 * processing size: chroma needs no more resolution than that, as in 4:2:0 video), then upsampling
 * to the output size with the camera's detail (luma only). Each stage can be switched
 * independently. The chain owns the only tensors kept between frames (the stabilizer's references)
 * and frees them on a new size, a new style (`styleChanged`), a stop (`reset`) and `dispose`.
 */
export class QualityChain {
  private readonly stabilizer = new TemporalStabilizer();

  constructor(private readonly settings: () => QualitySettings) {}

  /** Whether the frame must also be imported at the output size (Detail reads the camera's luma there). */
  needsCamera(): boolean {
    return this.settings().detail > 0;
  }

  /**
   * Before the network. `pixels`: the frame at the processing size (RGB, 0..255); `cameraLuma`: the
   * camera's luma at the output size ([H,W,1], one unit per black-to-white range, any offset), when
   * `needsCamera`. `keep` false runs the same ops without touching what the
   * chain keeps (shader precompiling). Call inside a tf.tidy.
   */
  prepare(pixels: tf.Tensor3D, cameraLuma: tf.Tensor3D | null, keep = true): PreparedFrame {
    const { reduceFlicker } = this.settings();
    if (!reduceFlicker) {
      if (keep) this.stabilizer.resetAll();
      return { input: pixels.toFloat() as tf.Tensor3D, motion: null, cameraLuma };
    }
    const { input, motion } = this.stabilizer.stabilizeInput(pixels, keep);
    const guide = cameraLuma ? this.stabilizer.stabilizeGuide(cameraLuma, motion, keep) : null;
    return { input, motion, cameraLuma: guide };
  }

  /** After the network: `stylized` (0..1 at the processing size) → the output frame. Call inside a tf.tidy. */
  finish(stylized: tf.Tensor3D, frame: PreparedFrame, output: Size, keep = true): tf.Tensor3D {
    const { keepColours, detail } = this.settings();
    const steady = frame.motion ? this.stabilizer.stabilizeOutput(stylized, frame.motion, keep) : stylized;
    const coloured = keepColours ? keepOriginalColours(resizeTo(steady, ...sizeOf(frame.input)), frame.input.div(255) as tf.Tensor3D) : steady;
    return upsampleWithDetail(coloured, output, detail, frame.cameraLuma);
  }

  /** A new style: the previous output's strokes must not linger in the new one. */
  styleChanged(): void {
    this.stabilizer.resetOutput();
  }

  /** The source stopped or changed: nothing of the old picture carries over. */
  reset(): void {
    this.stabilizer.resetAll();
  }

  /** Tensors the chain keeps between frames. */
  get keptTensors(): number {
    return this.stabilizer.keptTensors;
  }

  dispose(): void {
    this.stabilizer.dispose();
  }
}
