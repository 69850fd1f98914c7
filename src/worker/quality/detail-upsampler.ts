import * as tf from '@tensorflow/tfjs';
import { resizeTo, toThreeChannels } from './colour-space';

/**
 * Brings the stylized frame from the processing size up to the output size with the camera's own
 * fine detail: bilinear upsampling loses everything above the processing size's frequencies, so
 * the camera luminance's high-pass (the output-size camera luma minus the same luma brought down to
 * the processing size and back up) is added to every channel, scaled by `detail` (0 = plain bilinear). Adding the
 * same amount to R, G and B changes only the luminance (Y of YCbCr), never the colour. This is the
 * detail layer of guided upsampling. Resizing is linear, so up(s) + d·(Y − up(y)) is computed as
 * up(s − d·y) + d·Y: the subtraction happens at the processing size and the output size pays one
 * multiply and one add beyond the plain resize.
 *
 * `stylized` is [h,w,3] in 0..1; `cameraLuma` the camera's luma at the output size [H,W,1] in
 * 0..1, or null when `detail` is 0. (Its own downscale, not the network input's luma: a camera's
 * Y plane may use other luma weights than the RGB frame's BT.601, which would leave a coloured
 * low-frequency difference.)
 * Values may leave 0..1 slightly: the sinks clamp as they write 8-bit pixels. Call inside a tf.tidy.
 */
export function upsampleWithDetail(
  stylized: tf.Tensor3D,
  output: { width: number; height: number },
  detail: number,
  cameraLuma: tf.Tensor3D | null,
): tf.Tensor3D {
  if (detail <= 0 || !cameraLuma) return resizeTo(stylized, output.height, output.width);
  const [height, width] = cameraLuma.shape;
  if (height !== output.height || width !== output.width) throw new RangeError('the camera frame must be at the output size');
  const cameraLowLuma = resizeTo(cameraLuma, stylized.shape[0], stylized.shape[1]);
  const lowPassRemoved = stylized.sub(toThreeChannels(cameraLowLuma, detail)) as tf.Tensor3D;
  return resizeTo(lowPassRemoved, output.height, output.width).add(toThreeChannels(cameraLuma, detail)) as tf.Tensor3D;
}
