/**
 * What the fast network's forms (tfjs ops in fast-style-transformer.ts, the TFLite model in
 * litert/fast-network-tflite.ts) share with training/student.py, which defines the network.
 */

/** The instance norm's epsilon the network was trained with. */
export const FAST_NORM_EPSILON = 1e-3;
/** Convolutions in its residual blocks (two blocks of two). */
export const FAST_RESIDUAL_CONVS = 4;
