import * as tf from '@tensorflow/tfjs';
import { luma, toThreeChannels } from './colour-space';

/** Keeps the stylized luma's standard deviation finite on a flat frame. */
const EPSILON = 1e-4;

/**
 * "Keep original colours" (Gatys et al. 2016, "Preserving color in neural artistic style
 * transfer"): the brush work's luminance, the camera's chroma. In YCbCr, keeping Cb and Cr of the
 * camera and Y of the stylized frame is the same as adding (Y_stylized − Y_camera) to each of the
 * camera's RGB channels, since R, G and B are each Y plus a function of Cb and Cr only. The stylized
 * luminance is first matched to the camera's mean and standard deviation, so a dark style keeps
 * the scene's brightness. Both inputs are [H,W,3] in 0..1 at the same size. Call inside a tf.tidy.
 */
export function keepOriginalColours(stylized: tf.Tensor3D, camera: tf.Tensor3D): tf.Tensor3D {
  const stylizedLuma = luma(stylized);
  const cameraLuma = luma(camera);
  const s = tf.moments(stylizedLuma);
  const c = tf.moments(cameraLuma);
  const scale = c.variance.sqrt().div(s.variance.sqrt().add(EPSILON));
  const matchedLuma = stylizedLuma.sub(s.mean).mul(scale).add(c.mean);
  return camera.add(toThreeChannels(matchedLuma.sub(cameraLuma) as tf.Tensor3D)).clipByValue(0, 1) as tf.Tensor3D;
}
