import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import { tensorValues, tensorWithValues } from '../../../../src/worker/quality/tensor-values';

// An engine's output arrives as a fresh array; the quality chain then reads the tensor made of it.
// That read must be the array itself, not a second copy out of the backend.
describe('tensor values', () => {
  it('reads a tensor once, however many stages ask', async () => {
    await tf.setBackend('cpu');
    const tensor = tf.tensor3d([1, 2, 3, 4, 5, 6], [1, 2, 3]);
    const read = vi.spyOn(tensor, 'dataSync');
    const first = tensorValues(tensor);
    expect(tensorValues(tensor)).toBe(first);
    expect(read).toHaveBeenCalledTimes(1);
    expect([...first]).toEqual([1, 2, 3, 4, 5, 6]);
    tensor.dispose();
  });

  it('hands the values a tensor was made of back without reading it', async () => {
    await tf.setBackend('cpu');
    const values = new Float32Array([0.5, 0.25, 0, 1, 0.75, 0.125]);
    const tensor = tensorWithValues(values, [1, 2, 3]);
    const read = vi.spyOn(tensor, 'dataSync');
    expect(tensorValues(tensor)).toBe(values);
    expect(read).not.toHaveBeenCalled();
    // The tensor holds the same numbers as the array it was made of.
    expect([...(await tensor.data())]).toEqual([...values]);
    tensor.dispose();
  });
});
