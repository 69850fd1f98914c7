import * as tf from '@tensorflow/tfjs';
import { CodedError } from '../../../shared/errors';
import { EMBEDDING_SHAPE } from '../../../shared/protocol';
import type { RefineLossPoint, RefineProgress, RefineRequest, RefineResult } from '../../../shared/stills-protocol';
import type { LossNetwork } from './loss-network';
import { Refiner, type RefineLosses } from './refiner';

/** The page sees the image improving every this many steps. */
const PREVIEW_EVERY = 5;
/** The style picture is measured at the predictor's own size. */
const STYLE_PICTURE_SIZE = 256;

interface RefineInputs {
  /** The photo as the fast pass saw it (at most 1024 px). */
  photo: ImageBitmap;
  /** The fast result, at the photo's full size. */
  fast: OffscreenCanvas;
}

/** `source` at `width`×`height` as [1,H,W,3] in 0..1. */
async function pictureTensor(source: ImageBitmap | OffscreenCanvas, width: number, height: number): Promise<tf.Tensor4D> {
  const scaled = await createImageBitmap(source, { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' });
  try {
    return tf.tidy(() => tf.browser.fromPixels(scaled).toFloat().div(255).expandDims(0) as tf.Tensor4D);
  } finally {
    scaled.close();
  }
}

async function bitmapOf(image: tf.Tensor4D): Promise<ImageBitmap> {
  const [, height, width] = image.shape;
  const frame = image.squeeze([0]) as tf.Tensor3D;
  try {
    // toPixels gives 0..1 floats as RGBA bytes in a fresh (never shared) buffer.
    const rgba = (await tf.browser.toPixels(frame)) as Uint8ClampedArray<ArrayBuffer>;
    return await createImageBitmap(new ImageData(rgba, width, height));
  } finally {
    frame.dispose();
  }
}

const point = (losses: RefineLosses): RefineLossPoint => ({ total: losses.total, content: losses.content, style: losses.style, embeddingDistance: losses.embedding });

/**
 * One refinement: the fast result at `request.size` optimised for `request.iterations` steps.
 * `afterStep` reports and may throw to stop (cancel). Every tensor it made is freed, stopped or not.
 */
export async function refine(
  network: LossNetwork,
  inputs: RefineInputs,
  request: RefineRequest,
  onProgress: (progress: RefineProgress) => void,
  shouldStop: () => boolean,
): Promise<{ result: RefineResult; image: ImageBitmap }> {
  const scale = request.size / Math.max(inputs.photo.width, inputs.photo.height);
  const width = Math.max(16, Math.round(inputs.photo.width * scale));
  const height = Math.max(16, Math.round(inputs.photo.height * scale));
  const started = performance.now();
  const owned: tf.Tensor[] = [];
  let refiner: Refiner | null = null;
  try {
    const content = await pictureTensor(inputs.photo, width, height);
    const start = await pictureTensor(inputs.fast, width, height);
    const stylePicture = request.stylePicture ? await pictureTensor(request.stylePicture, STYLE_PICTURE_SIZE, STYLE_PICTURE_SIZE) : null;
    const styleEmbedding = tf.tensor4d(request.embedding, EMBEDDING_SHAPE);
    owned.push(content, start, styleEmbedding, ...(stylePicture ? [stylePicture] : []));
    refiner = new Refiner(network, { content, stylePicture, styleEmbedding }, start, {
      content: request.contentWeight,
      style: request.styleWeight,
      variation: 0.1,
      layers: request.layers,
    });
    const startLoss = point(await refiner.measure(start));
    const curve: number[] = [];
    const stepsStarted = performance.now();
    for (let iteration = 1; iteration <= request.iterations; iteration++) {
      const losses = await refiner.step();
      curve.push(losses.total);
      const progress: RefineProgress = { iteration, iterations: request.iterations, loss: point(losses) };
      if (iteration % PREVIEW_EVERY === 0 && iteration < request.iterations) {
        const current = refiner.current();
        progress.preview = await bitmapOf(current);
        current.dispose();
      }
      onProgress(progress);
      // Lets `cancel` (a message) in between two steps.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (shouldStop()) throw new CodedError('cancelled', 'The refinement was cancelled.');
    }
    const msPerIteration = (performance.now() - stepsStarted) / Math.max(1, request.iterations);
    const final = refiner.current();
    owned.push(final);
    const endLoss = point(await refiner.measure(final));
    const image = await bitmapOf(final);
    const preview = await createImageBitmap(image);
    return { result: { width, height, ms: performance.now() - started, msPerIteration, start: startLoss, end: endLoss, curve, preview }, image };
  } finally {
    refiner?.dispose();
    tf.dispose(owned);
    request.stylePicture?.close();
  }
}
