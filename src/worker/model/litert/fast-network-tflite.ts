import { EMBEDDING_LENGTH } from '../../../shared/protocol';
import type { Size } from '../../geometry/frame-sizes';
import { FAST_NORM_EPSILON, fastResidualConvs } from '../fast-network-layout';
import { CONTENT_SCALE, scaled } from './content-scale';
import { Activation, hwioToOhwi, Op, options, TfliteGraph, type ActivationType } from './tflite-writer';

/** The fast network's weights as plain arrays, by the names of weights.json (training/export.py). */
export type FastNetworkWeights = ReadonlyMap<string, { data: Float32Array; shape: number[] }>;

/**
 * The fast network (fast-style-transformer.ts is the tfjs form; the two must stay the same
 * arithmetic) as a TFLite model for one input size: `content` [1,H,W,3] in 0..1 and
 * `style_embedding` [1,1,1,100] in, `stylized` [1,H,W,3] out. Every op is one XNNPACK takes
 * (convolution, pad, mean, squared difference, rsqrt, elementwise, fully connected, reshape,
 * depth-to-space, logistic), so LiteRT.js runs the whole graph in XNNPACK. H and W: multiples of 4.
 */
export function writeFastNetworkTflite(weights: FastNetworkWeights, size: Size): Uint8Array {
  if (size.width % 4 || size.height % 4) throw new Error(`The fast network needs sizes in multiples of 4, not ${size.width}×${size.height}`);
  const writer = new FastNetworkWriter(new TfliteGraph(), weights);
  return writer.write(size);
}

class FastNetworkWriter {
  private embedding = -1;

  constructor(
    private readonly graph: TfliteGraph,
    private readonly weights: FastNetworkWeights,
  ) {}

  write({ width, height }: Size): Uint8Array {
    const { graph } = this;
    const input = scaled(graph, graph.input('content', [1, height, width, 3]), CONTENT_SCALE);
    this.embedding = graph.input('style_embedding', [1, 1, 1, EMBEDDING_LENGTH]);
    const skip = this.norm('norm1', this.conv('enc1', input, 2), Activation.RELU);
    let x = this.norm('norm2', this.conv('enc2', skip, 2), Activation.RELU);
    for (let i = 0, convs = fastResidualConvs(this.weights.keys()); i < convs; i += 2) {
      const y = this.norm(`res_norms.${i}`, this.conv(`res.${i}`, x), Activation.RELU);
      const z = this.norm(`res_norms.${i + 1}`, this.conv(`res.${i + 1}`, y), Activation.NONE);
      x = graph.op(Op.ADD, [x, z], graph.shapeOf(x), options.add());
    }
    x = graph.op(Op.ADD, [this.depthToSpace(this.conv('up1', x)), skip], graph.shapeOf(skip), options.add());
    x = this.norm('norm3', this.conv('dec1', x), Activation.RELU);
    const up = this.depthToSpace(this.conv('up2', x));
    const output = graph.op(Op.LOGISTIC, [up], graph.shapeOf(up), options.none(), 'stylized');
    graph.output(output);
    return graph.serialize();
  }

  private weight(name: string): { data: Float32Array; shape: number[] } {
    const weight = this.weights.get(name);
    if (!weight) throw new Error(`The fast network has no weight ${name}`);
    return weight;
  }

  /** PyTorch's zero padding of k//2 on every side: an explicit PAD before a stride-2 conv, since TFLite's SAME pads those on one side only. */
  private conv(name: string, x: number, stride = 1): number {
    const { graph } = this;
    const filter = this.weight(`${name}.weight`); // HWIO, as tfjs
    const [kh, kw, inChannels, outChannels] = filter.shape as [number, number, number, number];
    const bias = this.weight(`${name}.bias`);
    const filterIndex = graph.constant(`${name}.weight`, hwioToOhwi(filter.data, kh, kw, inChannels, outChannels), [outChannels, kh, kw, inChannels]);
    const biasIndex = graph.constant(`${name}.bias`, bias.data, [outChannels]);
    const [, height, width] = graph.shapeOf(x) as [number, number, number, number];
    let input = x;
    let padding: 'same' | 'valid' = 'same';
    if (stride > 1 && kh > 1) {
      const pad = Math.floor(kh / 2);
      const paddings = graph.ints(`${name}.paddings`, [0, 0, pad, pad, pad, pad, 0, 0], [4, 2]);
      input = graph.op(Op.PAD, [x, paddings], [1, height + 2 * pad, width + 2 * pad, inChannels], options.pad());
      padding = 'valid';
    }
    const outShape = [1, Math.ceil(height / stride), Math.ceil(width / stride), outChannels];
    return graph.op(Op.CONV_2D, [input, filterIndex, biasIndex], outShape, options.conv2d(padding, stride));
  }

  /**
   * Conditional instance norm, folded to one multiply and one add over the picture:
   * a = rsqrt(var + eps) · scale, b = shift − mean · a, out = x · a + b (then `activation`).
   */
  private norm(name: string, x: number, activation: ActivationType): number {
    const { graph } = this;
    const shape = graph.shapeOf(x);
    const channels = shape[3]!;
    const perChannel = [1, 1, 1, channels];
    const axes = graph.ints(`${name}.axes`, [1, 2]);
    const mean = graph.op(Op.MEAN, [x, axes], perChannel, options.reducer(true));
    const squared = graph.op(Op.SQUARED_DIFFERENCE, [x, mean], shape, options.none());
    const variance = graph.op(Op.MEAN, [squared, axes], perChannel, options.reducer(true));
    const epsilon = graph.constant(`${name}.epsilon`, Float32Array.of(FAST_NORM_EPSILON), [1]);
    const inverse = graph.op(Op.RSQRT, [graph.op(Op.ADD, [variance, epsilon], perChannel, options.add())], perChannel, options.none());
    const a = graph.op(Op.MUL, [inverse, this.fromStyle(`${name}.scale`, channels)], perChannel, options.mul());
    const b = graph.op(Op.SUB, [this.fromStyle(`${name}.shift`, channels), graph.op(Op.MUL, [mean, a], perChannel, options.mul())], perChannel, options.sub());
    return graph.op(Op.ADD, [graph.op(Op.MUL, [x, a], shape, options.mul()), b], shape, options.add(activation));
  }

  /** embedding · W + bias, as [1,1,1,C]. */
  private fromStyle(name: string, channels: number): number {
    const { graph } = this;
    const matrix = this.weight(`${name}.weight`); // [100, C] as tfjs multiplies it
    const weights = graph.constant(`${name}.weight`, transpose(matrix.data, EMBEDDING_LENGTH, channels), [channels, EMBEDDING_LENGTH]);
    const bias = graph.constant(`${name}.bias`, this.weight(`${name}.bias`).data, [channels]);
    const flat = graph.op(Op.FULLY_CONNECTED, [this.embedding, weights, bias], [1, channels], options.fullyConnected());
    return graph.op(Op.RESHAPE, [flat, graph.ints(`${name}.shape`, [1, 1, 1, channels])], [1, 1, 1, channels], options.reshape());
  }

  private depthToSpace(x: number): number {
    const [, height, width, channels] = this.graph.shapeOf(x) as [number, number, number, number];
    return this.graph.op(Op.DEPTH_TO_SPACE, [x], [1, height * 2, width * 2, channels / 4], options.depthToSpace(2));
  }
}

function transpose(data: Float32Array, rows: number, columns: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) out[c * rows + r] = data[r * columns + c]!;
  return out;
}
