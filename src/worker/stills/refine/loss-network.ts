import * as tf from '@tensorflow/tfjs';
import type { RefineLayer } from '../../../shared/stills-protocol';
import { modelUrl, ModelLoadError } from '../../model/model-loading';

/**
 * Where the refinement measures style and content: activations of the style predictor (a distilled
 * MobileNetV2), from fine to coarse. Each is the output of a block: after the first depthwise
 * convolution (1/2 size), and the residual sums of blocks 2, 5 and 9 (1/4, 1/8, 1/16).
 */
const LOSS_LAYERS: Record<RefineLayer, string> = {
  fine: 'MobilenetV2/expanded_conv/depthwise/Relu6',
  low: 'MobilenetV2/expanded_conv_2/add',
  mid: 'MobilenetV2/expanded_conv_5/add',
  high: 'MobilenetV2/expanded_conv_9/add',
};
export type LossLayer = RefineLayer;
export const LOSS_LAYER_NAMES = Object.keys(LOSS_LAYERS) as LossLayer[];
/** Content is compared at mid level: shapes and layout, not texture. */
export const CONTENT_LAYER: LossLayer = 'mid';
const EMBEDDING_NODE = 'style_embedding';

interface LossFeatures {
  layers: Record<LossLayer, tf.Tensor4D>;
  /** The predictor's own output: the statistic the fast network was trained to match. */
  embedding: tf.Tensor4D;
}

/**
 * The style predictor as a loss network: differentiable with respect to its input, at any size.
 * The graph declares a fixed 256×256 input; the copy loaded here declares any height and width
 * (every op in it is size-agnostic), so content keeps its detail at the refinement's own size.
 */
export class LossNetwork {
  private constructor(private readonly graph: tf.GraphModel) {}

  static async load(baseUrl: string): Promise<LossNetwork> {
    const url = modelUrl('style-predictor', baseUrl);
    try {
      return new LossNetwork(await tf.loadGraphModel(url, { fetchFunc: anySizeInput }));
    } catch (error) {
      throw new ModelLoadError('style-predictor', url, error);
    }
  }

  /** `image` is [1,H,W,3] in 0..1. Call inside a tf.tidy (or a gradient). */
  features(image: tf.Tensor4D): LossFeatures {
    const names = LOSS_LAYER_NAMES.map((layer) => LOSS_LAYERS[layer]);
    const outputs = this.graph.execute({ style_image: image }, [...names, EMBEDDING_NODE]) as tf.Tensor4D[];
    const layers = Object.fromEntries(LOSS_LAYER_NAMES.map((layer, i) => [layer, outputs[i]!])) as Record<LossLayer, tf.Tensor4D>;
    return { layers, embedding: outputs[names.length]! };
  }

  dispose(): void {
    this.graph.dispose();
  }
}

interface GraphJson {
  modelTopology: { node: { name: string; attr?: { shape?: { shape?: { dim?: { size: string }[] } } } }[] };
}

/** fetch, with the predictor's input declared as [1,-1,-1,3] in model.json. */
async function anySizeInput(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const response = await fetch(input, init);
  if (!response.ok || !String(input instanceof Request ? input.url : input).endsWith('model.json')) return response;
  const json = (await response.json()) as GraphJson;
  const dims = json.modelTopology.node.find((node) => node.name === 'style_image')?.attr?.shape?.shape?.dim;
  if (dims?.length === 4) dims.splice(1, 2, { size: '-1' }, { size: '-1' });
  return new Response(JSON.stringify(json), { status: 200, headers: { 'content-type': 'application/json' } });
}

/**
 * How activations are shaped before their Gram matrix. Plain Gram losses on MobileNet-like networks
 * are reported to transfer style weakly; a softmax over the channels at each position is the
 * reported fix. Both are measured in docs/stills.md.
 */
export type GramNormalisation = 'none' | 'softmax';

/** Gram matrix of [1,h,w,c] features, divided by h·w so layers of different sizes weigh alike. */
export function gram(features: tf.Tensor4D, normalisation: GramNormalisation = 'none'): tf.Tensor2D {
  const [, height, width, channels] = features.shape;
  const shaped = normalisation === 'softmax' ? tf.softmax(features) : features;
  const flat = shaped.reshape([height * width, channels]) as tf.Tensor2D;
  return tf.matMul(flat, flat, true, false).div(height * width);
}
