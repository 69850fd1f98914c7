import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { sharedModelsDir } from './paths';

function rgbFromRgba(data: Uint8Array, width: number, height: number): tf.Tensor3D {
  const rgb = new Int32Array(width * height * 3);
  for (let i = 0, j = 0; i < data.length; i += 4, j += 3) {
    rgb[j] = data[i] ?? 0;
    rgb[j + 1] = data[i + 1] ?? 0;
    rgb[j + 2] = data[i + 2] ?? 0;
  }
  return tf.tensor3d(rgb, [height, width, 3], 'int32');
}

/** [H,W,3] int32 RGB 0..255, decoded as the shipped embeddings were (jpeg-js). */
export function readJpeg(path: string): tf.Tensor3D {
  const image = jpeg.decode(readFileSync(path), { useTArray: true, formatAsRGBA: true });
  return rgbFromRgba(image.data, image.width, image.height);
}

export function readPng(path: string): tf.Tensor3D {
  const image = PNG.sync.read(readFileSync(path));
  return rgbFromRgba(image.data, image.width, image.height);
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return dot / Math.sqrt(na * nb);
}

/** A JPEG from the shared model folder (`path` inside it), squeezed to `size`×`size`, as [1,size,size,3] in 0..1. */
export function pictureTensor(path: string, size: number): tf.Tensor4D {
  return tf.tidy(() => tf.image.resizeBilinear(readJpeg(resolve(sharedModelsDir(), path)).toFloat().div(255) as tf.Tensor3D, [size, size]).expandDims(0) as tf.Tensor4D);
}

/** A photo from the shared `content/people/` squeezed to `height`×`width`, as 0..255 float pixels (the caller disposes it). */
export function personPhotoAt(height: number, width: number, name = 'person_001'): tf.Tensor3D {
  const photo = readJpeg(resolve(sharedModelsDir(), 'content', 'people', `${name}.jpg`));
  const frame = tf.tidy(() => tf.image.resizeBilinear(photo.toFloat(), [height, width]).round() as tf.Tensor3D);
  photo.dispose();
  return frame;
}
