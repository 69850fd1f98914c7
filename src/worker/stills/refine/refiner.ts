import * as tf from '@tensorflow/tfjs';
import { CONTENT_LAYER, gram, type GramNormalisation, type LossLayer, type LossNetwork } from './loss-network';

/** The loss terms of one step, as plain numbers. */
export interface RefineLosses {
  total: number;
  content: number;
  style: number;
  /** The mean squared distance of the image's style embedding to the style's (unweighted, not in the total twice). */
  embedding: number;
  variation: number;
}

interface RefineTargets {
  /** The photo, [1,H,W,3] in 0..1, at the refinement's size. */
  content: tf.Tensor4D;
  /** The style picture, [1,h,w,3] in 0..1, or null (a mix, a picture not at hand): then only the embedding term measures style. */
  stylePicture: tf.Tensor4D | null;
  /** The style's embedding, [1,1,1,100]. */
  styleEmbedding: tf.Tensor4D;
}

interface RefineWeights {
  content: number;
  style: number;
  /** Total variation: keeps pixel noise down. */
  variation: number;
  layers: readonly LossLayer[];
  /** Defaults to DEFAULT_GRAM (chosen by measurement, docs/stills.md). */
  gram?: GramNormalisation;
}

/**
 * Softmax over channels before the Gram matrix: measured at 256 px on Starry Night, 100 steps from
 * the fast result, it brought the style embedding 6× closer than plain Gram matrices (distance
 * 0.0000135 against 0.000085) while keeping more of the content (content loss 18.2 against 25.5).
 */
export const DEFAULT_GRAM: GramNormalisation = 'softmax';

/**
 * The embedding term's scale against the Gram terms: at the start of a refinement on Starry Night
 * the Gram error is about 800 and the embedding error about 0.25 (measured), so ×300 weighs the
 * embedding at about a tenth of the Gram terms, and alone (no picture) it still moves the image.
 */
const EMBEDDING_SCALE = 300;
const LEARNING_RATE = 0.02;

/**
 * Gatys-style optimisation of an image (Adam on its pixels): a content loss on the predictor's
 * mid-level features of the photo, a style loss on Gram matrices of the chosen layers of the style
 * picture, the predictor's own embedding against the style's (what the fast network was trained to
 * match), and total variation. Owns its variable, its optimizer and the targets' features;
 * `dispose` frees all of them.
 */
export class Refiner {
  private readonly image: tf.Variable<tf.Rank.R4>;
  private readonly optimizer = tf.train.adam(LEARNING_RATE);
  private readonly contentFeatures: tf.Tensor4D;
  private readonly styleGrams: Partial<Record<LossLayer, tf.Tensor2D>>;
  private readonly styleEmbedding: tf.Tensor4D;

  constructor(
    private readonly network: LossNetwork,
    targets: RefineTargets,
    start: tf.Tensor4D,
    private readonly weights: RefineWeights,
  ) {
    // Shares `start`'s data until the first step assigns new pixels; `start` itself is never changed.
    this.image = tf.variable(start, true);
    this.contentFeatures = tf.tidy(() => network.features(targets.content).layers[CONTENT_LAYER]);
    this.styleGrams = targets.stylePicture
      ? tf.tidy(() => {
          const features = network.features(targets.stylePicture!).layers;
          return Object.fromEntries(weights.layers.map((layer) => [layer, gram(features[layer], weights.gram ?? DEFAULT_GRAM)]));
        })
      : {};
    this.styleEmbedding = targets.styleEmbedding.clone();
  }

  /** The image now, [1,H,W,3] in 0..1 (a new tensor: the caller disposes it). */
  current(): tf.Tensor4D {
    return this.image.clone();
  }

  /** One Adam step; returns the loss terms measured before it. */
  async step(): Promise<RefineLosses> {
    let terms: tf.Scalar[] = [];
    const cost = this.optimizer.minimize(() => {
      terms.forEach((term) => term.dispose());
      const measured = this.losses(this.image);
      terms = measured.map((term) => tf.keep(term.clone()));
      return measured[0]!;
    }, true, [this.image]);
    // Pixels stay displayable.
    tf.tidy(() => this.image.assign(this.image.clipByValue(0, 1) as tf.Tensor4D));
    const values = await Promise.all(terms.map((term) => term.data()));
    cost?.dispose();
    terms.forEach((term) => term.dispose());
    const [total, content, style, embedding, variation] = values.map((value) => value[0]!);
    return { total: total!, content: content!, style: style!, embedding: embedding!, variation: variation! };
  }

  /** The loss terms of any image (for comparing the fast result with the refined one). */
  async measure(image: tf.Tensor4D): Promise<RefineLosses> {
    const terms = tf.tidy(() => this.losses(image));
    const values = await Promise.all(terms.map((term) => term.data()));
    tf.dispose(terms);
    const [total, content, style, embedding, variation] = values.map((value) => value[0]!);
    return { total: total!, content: content!, style: style!, embedding: embedding!, variation: variation! };
  }

  dispose(): void {
    this.image.dispose();
    this.optimizer.dispose();
    this.contentFeatures.dispose();
    tf.dispose(Object.values(this.styleGrams));
    this.styleEmbedding.dispose();
  }

  /** [total, content, style (Gram + embedding), embedding distance (unweighted), variation]. */
  private losses(image: tf.Tensor4D): tf.Scalar[] {
    const features = this.network.features(image);
    const content = tf.losses.meanSquaredError(this.contentFeatures, features.layers[CONTENT_LAYER]).mul(this.weights.content) as tf.Scalar;
    const grams = this.weights.layers.flatMap((layer) => {
      const target = this.styleGrams[layer];
      return target ? [tf.losses.meanSquaredError(target, gram(features.layers[layer], this.weights.gram ?? DEFAULT_GRAM))] : [];
    });
    const embeddingDistance = tf.losses.meanSquaredError(this.styleEmbedding, features.embedding) as tf.Scalar;
    const embedding = embeddingDistance.mul(EMBEDDING_SCALE) as tf.Scalar;
    const style = (grams.length > 0 ? tf.addN([...grams, embedding]) : embedding).mul(this.weights.style) as tf.Scalar;
    const [, height, width] = image.shape;
    const variation = tf
      .add(
        tf.abs(tf.sub(image.slice([0, 1, 0, 0], [-1, height - 1, -1, -1]), image.slice([0, 0, 0, 0], [-1, height - 1, -1, -1]))).mean(),
        tf.abs(tf.sub(image.slice([0, 0, 1, 0], [-1, -1, width - 1, -1]), image.slice([0, 0, 0, 0], [-1, -1, width - 1, -1]))).mean(),
      )
      .mul(this.weights.variation) as tf.Scalar;
    const total = tf.addN([content, style, variation]) as tf.Scalar;
    return [total, content, style, embeddingDistance, variation];
  }
}
