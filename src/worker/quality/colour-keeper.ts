import * as tf from '@tensorflow/tfjs';
import { luma, toThreeChannels } from './colour-space';

/** Keeps the stylized luma's standard deviation finite on a flat frame. */
const EPSILON = 1e-4;

/** How the stylized luma is matched to the camera's: mean and standard deviation of each (scalars). */
export interface LumaMatch {
  stylizedMean: tf.Scalar;
  stylizedStd: tf.Scalar;
  cameraMean: tf.Scalar;
  cameraStd: tf.Scalar;
}

function matchOfLumas(stylizedLuma: tf.Tensor3D, cameraLuma: tf.Tensor3D): LumaMatch {
  const s = tf.moments(stylizedLuma);
  const c = tf.moments(cameraLuma);
  return { stylizedMean: s.mean as tf.Scalar, stylizedStd: s.variance.sqrt() as tf.Scalar, cameraMean: c.mean as tf.Scalar, cameraStd: c.variance.sqrt() as tf.Scalar };
}

/** The match measured on one picture pair. Call inside a tf.tidy (or dispose the four scalars). */
export function measureLumaMatch(stylized: tf.Tensor3D, camera: tf.Tensor3D): LumaMatch {
  return matchOfLumas(luma(stylized), luma(camera));
}

/**
 * "Keep original colours" (Gatys et al. 2016, "Preserving color in neural artistic style
 * transfer"): the brush work's luminance, the camera's chroma. In YCbCr, keeping Cb and Cr of the
 * camera and Y of the stylized frame is the same as adding (Y_stylized − Y_camera) to each of the
 * camera's RGB channels, since R, G and B are each Y plus a function of Cb and Cr only. The stylized
 * luminance is first matched to the camera's mean and standard deviation, so a dark style keeps
 * the scene's brightness. Both inputs are [H,W,3] in 0..1 at the same size. `match` defaults to the
 * pair's own statistics; a tiled photo passes the whole photo's, so every tile is matched alike.
 * Call inside a tf.tidy.
 */
export function keepOriginalColours(stylized: tf.Tensor3D, camera: tf.Tensor3D, given?: LumaMatch): tf.Tensor3D {
  const stylizedLuma = luma(stylized);
  const cameraLuma = luma(camera);
  // Live frames measure their own match from the lumas computed here, once per frame.
  const match = given ?? matchOfLumas(stylizedLuma, cameraLuma);
  const scale = match.cameraStd.div(match.stylizedStd.add(EPSILON));
  const matchedLuma = stylizedLuma.sub(match.stylizedMean).mul(scale).add(match.cameraMean);
  return camera.add(toThreeChannels(matchedLuma.sub(cameraLuma) as tf.Tensor3D)).clipByValue(0, 1) as tf.Tensor3D;
}
