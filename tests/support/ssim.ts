import * as tf from '@tensorflow/tfjs';

const WINDOW = 11;
const SIGMA = 1.5;

function gaussianWindow(): tf.Tensor4D {
  const half = (WINDOW - 1) / 2;
  const row = Array.from({ length: WINDOW }, (_, i) => Math.exp(-((i - half) ** 2) / (2 * SIGMA * SIGMA)));
  const sum = row.reduce((a, b) => a + b, 0);
  const weights = row.flatMap((a) => row.map((b) => (a * b) / (sum * sum)));
  return tf.tensor4d(weights, [WINDOW, WINDOW, 1, 1]);
}

/**
 * SSIM (Wang et al. 2004: 11x11 Gaussian window, sigma 1.5, K1 0.01, K2 0.03) of the BT.601 luma of
 * two [H,W,3] pictures in 0..1, averaged over the valid windows.
 */
export function ssim(a: tf.Tensor3D, b: tf.Tensor3D): number {
  return tf.tidy(() => {
    const weights = tf.tensor1d([0.299, 0.587, 0.114]);
    const luma = (image: tf.Tensor3D) => image.mul(255).mul(weights).sum(2).expandDims(0).expandDims(3) as tf.Tensor4D;
    const x = luma(a);
    const y = luma(b);
    const window = gaussianWindow();
    const blur = (image: tf.Tensor4D) => tf.conv2d(image, window, 1, 'valid');
    const muX = blur(x);
    const muY = blur(y);
    const sigmaX = blur(x.square()).sub(muX.square());
    const sigmaY = blur(y.square()).sub(muY.square());
    const sigmaXY = blur(x.mul(y)).sub(muX.mul(muY));
    const c1 = (0.01 * 255) ** 2;
    const c2 = (0.03 * 255) ** 2;
    const map = muX.mul(muY).mul(2).add(c1).mul(sigmaXY.mul(2).add(c2)).div(muX.square().add(muY.square()).add(c1).mul(sigmaX.add(sigmaY).add(c2)));
    return map.mean().dataSync()[0] ?? 0;
  });
}
