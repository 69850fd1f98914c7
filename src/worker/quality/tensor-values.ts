import * as tf from '@tensorflow/tfjs';

/**
 * A frame's values read out once (`dataSync`) however many CPU-side stages read them: on
 * WebAssembly the camera frame's pixels were read by the person segmenter's input, the mask's
 * refinement and Reduce flicker, each a copy of the same 340×256×3 tensor (about 0.3 ms each).
 * Tensors never change, so the values of the same tensor object can be handed out again; the entry
 * goes with the tensor (a WeakMap). Only for CPU-side backends: on a GPU a read is a readback.
 */
const read = new WeakMap<tf.Tensor, Float32Array | Int32Array | Uint8Array>();

export function tensorValues(tensor: tf.Tensor): Float32Array | Int32Array | Uint8Array {
  let values = read.get(tensor);
  if (!values) {
    values = tensor.dataSync() as Float32Array | Int32Array | Uint8Array;
    read.set(tensor, values);
  }
  return values;
}

/**
 * A tensor made of `values` that hands those same values to the next `tensorValues` instead of a
 * read-out: for values that arrive as a fresh array (an engine's output copied out of its heap),
 * saving the copy back out that the quality chain's CPU stages would make (0.6 ms at 340×256).
 * The caller gives `values` away: nothing may write to it afterwards.
 */
export function tensorWithValues(values: Float32Array, shape: [number, number, number]): tf.Tensor3D {
  const tensor = tf.tensor3d(values, shape);
  read.set(tensor, values);
  return tensor;
}
