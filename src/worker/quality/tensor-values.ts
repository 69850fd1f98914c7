import type * as tf from '@tensorflow/tfjs';

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
