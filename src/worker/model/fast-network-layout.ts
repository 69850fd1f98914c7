/**
 * What the fast network's forms (tfjs ops in fast-style-transformer.ts, the TFLite model in
 * litert/fast-network-tflite.ts) share with training/student.py, which defines the network.
 */

/** The instance norm's epsilon the network was trained with. */
export const FAST_NORM_EPSILON = 1e-3;

/**
 * Convolutions in its residual blocks (two to a block), counted from the weights' names
 * (`res.0.weight`, `res.1.weight`, …), so a network trained with more or fewer blocks
 * (train.py --blocks) runs without a change here; the channel counts come from the weights' shapes.
 */
export function fastResidualConvs(weightNames: Iterable<string>): number {
  let convs = 0;
  for (const name of weightNames) if (/^res\.\d+\.weight$/.test(name)) convs++;
  if (convs === 0 || convs % 2) throw new Error(`The fast network's residual blocks take two convolutions each; its weights have ${convs}`);
  return convs;
}
