import * as tf from '@tensorflow/tfjs';
import type { Size } from '../../geometry/frame-sizes';
import { CONTENT_SCALE, scaled } from './content-scale';
import { Activation, hwioToOhwi, Op, options, TfliteGraph } from './tflite-writer';

/** One node of a tfjs graph model's topology (model.json), as far as the writer reads it. */
export interface GraphNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, { s?: string; b?: boolean; list?: { i?: string[]; s?: string[] } }>;
}

/** The graph's weights as plain arrays (float16-stored ones widened exactly), by name. */
export type GraphWeights = ReadonlyMap<string, { data: Float32Array | Int32Array; shape: number[] }>;

/** A tfjs graph model's nodes and weights, from its model.json (the HTTP cache has them where tfjs loaded it already). */
export async function fetchGraphModel(url: string): Promise<{ nodes: GraphNode[]; weights: GraphWeights }> {
  const artifacts = await tf.io.http(url).load!();
  return { nodes: (artifacts.modelTopology as { node: GraphNode[] }).node, weights: decodeGraphWeights(artifacts.weightData!, artifacts.weightSpecs!) };
}

/** Weights out of their bytes as plain arrays. */
export function decodeGraphWeights(data: tf.io.WeightData, specs: tf.io.WeightsManifestEntry[]): GraphWeights {
  return weightArrays(tf.io.decodeWeights(data, specs));
}

/** Weights out of tfjs as plain arrays (read once, at load, for a TFLite writer); the tensors are freed. */
export function weightArrays(tensors: tf.NamedTensorMap): Map<string, { data: Float32Array | Int32Array; shape: number[] }> {
  const arrays = new Map(Object.entries(tensors).map(([name, tensor]) => [name, { data: tensor.dataSync() as Float32Array | Int32Array, shape: tensor.shape }]));
  tf.dispose(Object.values(tensors));
  return arrays;
}

/**
 * Magenta's style transformer (the full network: its tfjs graph, model.json) as a TFLite model for
 * one input size, op for op the same arithmetic as the tfjs graph, with two exact rewrites so that
 * XNNPACK runs the whole graph (../shared/models/README.md, `tflite/`, measured both): REFLECT
 * padding as one-row and one-column slices plus concatenation, and the 2× nearest upsampling as
 * four copies concatenated along channels plus depth-to-space. The last resize (to the content's
 * own size) is an identity for sizes in multiples of 4, the only ones the app runs, and is left out.
 */
export function writeGraphModelTflite(nodes: readonly GraphNode[], weights: GraphWeights, size: Size): Uint8Array {
  const { width, height } = size;
  if (width % 4 || height % 4) throw new Error(`The full network needs sizes in multiples of 4, not ${width}×${height}`);
  const inputs = [
    { name: 'content', shape: [1, height, width, 3], scale: CONTENT_SCALE },
    { name: 'style_embedding', shape: [1, 1, 1, 100] },
  ];
  return new GraphTranslator(new TfliteGraph(), weights, 'The full network').translate(nodes, inputs, 'stylized');
}

/**
 * MediaPipe's selfie segmentation (its tfjs graph, `segmentation/tfjs_landscape`) as a TFLite model:
 * `input` [1,H,W,3] in 0..1, `mask` [1,H,W,1] out. Op for op the tfjs graph's arithmetic (its hard
 * swishes as add + ReLU6 + multiplies, its transposed convolution and bias as two ops), all of them
 * ops XNNPACK runs.
 */
export function writeSegmenterTflite(nodes: readonly GraphNode[], weights: GraphWeights, size: Size): Uint8Array {
  return new GraphTranslator(new TfliteGraph(), weights, 'The segmentation network').translate(nodes, [{ name: 'input', shape: [1, size.height, size.width, 3] }], 'mask');
}

/** The most inputs XNNPACK's concatenation takes. */
const MAX_CONCAT_INPUTS = 5;

class GraphTranslator {
  /** tfjs tensor name → TFLite tensor index. */
  private readonly tensors = new Map<string, number>();
  /** How many nodes read each tensor. */
  private readonly consumers = new Map<string, number>();

  constructor(
    private readonly graph: TfliteGraph,
    private readonly weights: GraphWeights,
    /** The network's name in error messages. */
    private readonly network: string,
  ) {}

  /** `scale`: the input is multiplied by it first, inside the model (see CONTENT_SCALE). */
  translate(nodes: readonly GraphNode[], inputs: readonly { name: string; shape: number[]; scale?: number }[], output: string): Uint8Array {
    const { graph } = this;
    for (const { name, shape, scale } of inputs) {
      const input = graph.input(name, shape);
      this.tensors.set(name, scale === undefined ? input : scaled(graph, input, scale));
    }
    for (const node of nodes) for (const input of node.input ?? []) this.consumers.set(input.split(':')[0]!, (this.consumers.get(input.split(':')[0]!) ?? 0) + 1);
    for (const node of nodes) this.node(node);
    graph.output(this.tensor(output));
    return graph.serialize();
  }

  private node(node: GraphNode): void {
    const { graph } = this;
    const inputs = (node.input ?? []).map((input) => input.split(':')[0]!);
    const shapeOf = (index: number) => graph.shapeOf(index);
    const set = (index: number) => this.tensors.set(node.name, index);
    switch (node.op) {
      case 'Const':
      case 'Placeholder':
      case 'Shape':
      case 'StridedSlice':
        return; // weights are read where used; Shape and StridedSlice only feed the resize sizes
      case '_FusedConv2D':
        return void set(this.conv(node, inputs, false));
      case 'FusedDepthwiseConv2dNative':
        return void set(this.conv(node, inputs, true));
      case 'Conv2DBackpropInput':
        return void set(this.transposedConv(node, inputs));
      case 'BiasAdd': {
        const [x, bias] = [this.tensor(inputs[0]!), this.operand(inputs[1]!)];
        return void set(graph.op(Op.ADD, [x, bias], shapeOf(x), options.add(), node.name));
      }
      case 'Relu6': {
        const x = this.tensor(inputs[0]!);
        if (this.consumers.get(inputs[0]!) === 1 && graph.fuseRelu(x, Activation.RELU6)) return void set(x);
        return void set(graph.op(Op.RELU6, [x], shapeOf(x), options.none(), node.name));
      }
      case 'ResizeBilinear': {
        const x = this.tensor(inputs[0]!);
        const [newHeight, newWidth] = this.ints(inputs[1]!) as [number, number];
        const [n, , , c] = shapeOf(x) as [number, number, number, number];
        const resizeOptions = options.resizeBilinear(node.attr?.align_corners?.b === true, node.attr?.half_pixel_centers?.b === true);
        return void set(graph.op(Op.RESIZE_BILINEAR, [x, graph.ints(`${node.name}/size`, [newHeight, newWidth])], [n, newHeight, newWidth, c], resizeOptions, node.name));
      }
      case 'MirrorPad':
        return void set(this.reflectPad(this.tensor(inputs[0]!), this.ints(inputs[1]!)));
      case 'Mean': {
        const x = this.tensor(inputs[0]!);
        const axes = this.ints(inputs[1]!);
        if (!node.attr?.keep_dims?.b || axes.join() !== '1,2') throw new Error(`${node.name}: only a spatial mean with kept dimensions is written`);
        const [n, , , c] = shapeOf(x) as [number, number, number, number];
        return void set(graph.op(Op.MEAN, [x, graph.ints(`${node.name}/axes`, axes)], [n, 1, 1, c], options.reducer(true), node.name));
      }
      case 'AddV2':
      case 'Mul':
      case 'Sub':
      case 'SquaredDifference': {
        if (node.name.endsWith('ResizeNearestNeighbor/dyn_size')) return; // integer size arithmetic of a resize
        const [a, b] = [this.operand(inputs[0]!), this.operand(inputs[1]!)];
        const code = { AddV2: Op.ADD, Mul: Op.MUL, Sub: Op.SUB, SquaredDifference: Op.SQUARED_DIFFERENCE }[node.op];
        const opOptions = { AddV2: options.add(), Mul: options.mul(), Sub: options.sub(), SquaredDifference: options.none() }[node.op];
        return void set(graph.op(code, [a, b], broadcast(shapeOf(a), shapeOf(b)), opOptions, node.name));
      }
      case 'Relu': {
        const x = this.tensor(inputs[0]!);
        // The graph's ReLUs follow an add read by nothing else (its `pre_act`).
        if (this.consumers.get(inputs[0]!) === 1 && graph.fuseRelu(x)) return void set(x);
        return void set(graph.op(Op.RELU, [x], shapeOf(x), options.none(), node.name));
      }
      case 'Rsqrt':
      case 'Sigmoid': {
        const x = this.tensor(inputs[0]!);
        const code = { Rsqrt: Op.RSQRT, Sigmoid: Op.LOGISTIC }[node.op];
        return void set(graph.op(code, [x], shapeOf(x), options.none(), node.name));
      }
      case 'ResizeNearestNeighbor': {
        const x = this.tensor(inputs[0]!);
        // The last resize goes back to the content's size: nothing to do at multiples of 4.
        if (inputs[1]!.endsWith('dyn_hw')) return void set(x);
        const [n, h, w, c] = shapeOf(x) as [number, number, number, number];
        const copies = graph.op(Op.CONCATENATION, [x, x, x, x], [n, h, w, c * 4], options.concatenation(3));
        return void set(graph.op(Op.DEPTH_TO_SPACE, [copies], [n, h * 2, w * 2, c], options.depthToSpace(2), node.name));
      }
      default:
        throw new Error(`${this.network}'s ${node.op} (${node.name}) has no TFLite form here`);
    }
  }

  private tensor(name: string): number {
    const index = this.tensors.get(name);
    if (index === undefined) throw new Error(`${this.network}'s ${name} is used before it is computed`);
    return index;
  }

  /** A computed tensor, or a float constant from the weights (a scalar as [1], broadcast the same). */
  private operand(name: string): number {
    const computed = this.tensors.get(name);
    if (computed !== undefined) return computed;
    const weight = this.weight(name);
    const index = this.graph.constant(name, Float32Array.from(weight.data), weight.shape.length ? weight.shape : [1]);
    this.tensors.set(name, index);
    return index;
  }

  private weight(name: string): { data: Float32Array | Int32Array; shape: number[] } {
    const weight = this.weights.get(name);
    if (!weight) throw new Error(`${this.network} has no weight ${name}`);
    return weight;
  }

  private ints(name: string): number[] {
    return Array.from(this.weight(name).data);
  }

  /** A convolution with its bias (and ReLU) fused; `depthwise`: one filter per channel (multiplier 1). */
  private conv(node: GraphNode, inputs: string[], depthwise: boolean): number {
    const { graph } = this;
    const fused = (node.attr?.fused_ops?.list?.s ?? []).map((text) => atob(text));
    if (fused[0] !== 'BiasAdd' || fused.length > 2 || (fused[1] && fused[1] !== 'Relu')) throw new Error(`${node.name}: fused ${fused.join('+')} is not written`);
    const { stride, padding } = this.window(node);
    const x = this.tensor(inputs[0]!);
    const filter = this.weight(inputs[1]!);
    const [kh, kw, inChannels, perChannel] = filter.shape as [number, number, number, number];
    if (depthwise && perChannel !== 1) throw new Error(`${node.name}: depth multiplier ${perChannel} is not written`);
    const outChannels = depthwise ? inChannels : perChannel;
    // TFLite's filters: OHWI for a convolution, 1×H×W×C for a depthwise one (tfjs's HWC1 in the same order).
    const filterIndex = depthwise
      ? graph.constant(inputs[1]!, Float32Array.from(filter.data), [1, kh, kw, inChannels])
      : graph.constant(inputs[1]!, hwioToOhwi(Float32Array.from(filter.data), kh, kw, inChannels, outChannels), [outChannels, kh, kw, inChannels]);
    const biasIndex = graph.constant(inputs[2]!, Float32Array.from(this.weight(inputs[2]!).data), [outChannels]);
    const [n, h, w] = graph.shapeOf(x) as [number, number, number, number];
    const out = padding === 'same' ? [n, Math.ceil(h / stride), Math.ceil(w / stride), outChannels] : [n, Math.floor((h - kh) / stride) + 1, Math.floor((w - kw) / stride) + 1, outChannels];
    const activation = fused[1] === 'Relu' ? Activation.RELU : Activation.NONE;
    const opOptions = depthwise ? options.depthwiseConv2d(padding, stride, activation) : options.conv2d(padding, stride, activation);
    return graph.op(depthwise ? Op.DEPTHWISE_CONV_2D : Op.CONV_2D, [x, filterIndex, biasIndex], out, opOptions, node.name);
  }

  /** tfjs's Conv2DBackpropInput (output shape, HWOI filter, input) as TFLite's TRANSPOSE_CONV (output shape, OHWI filter, input). */
  private transposedConv(node: GraphNode, inputs: string[]): number {
    const { graph } = this;
    const { stride, padding } = this.window(node);
    const outShape = this.ints(inputs[0]!);
    const filter = this.weight(inputs[1]!);
    const [kh, kw, outChannels, inChannels] = filter.shape as [number, number, number, number];
    const ohwi = new Float32Array(filter.data.length);
    for (let y = 0; y < kh; y++)
      for (let x = 0; x < kw; x++)
        for (let o = 0; o < outChannels; o++)
          for (let i = 0; i < inChannels; i++) ohwi[((o * kh + y) * kw + x) * inChannels + i] = filter.data[((y * kw + x) * outChannels + o) * inChannels + i]!;
    const filterIndex = graph.constant(inputs[1]!, ohwi, [outChannels, kh, kw, inChannels]);
    const shapeIndex = graph.ints(`${node.name}/output_shape`, outShape);
    return graph.op(Op.TRANSPOSE_CONV, [shapeIndex, filterIndex, this.tensor(inputs[2]!)], outShape, options.transposeConv(padding, stride), node.name);
  }

  private window(node: GraphNode): { stride: number; padding: 'same' | 'valid' } {
    const strides = (node.attr?.strides?.list?.i ?? []).map(Number);
    const stride = strides[1] ?? 1;
    if (strides[2] !== stride) throw new Error(`${node.name}: unequal strides`);
    return { stride, padding: atob(node.attr?.padding?.s ?? '') === 'SAME' ? 'same' : 'valid' };
  }

  /** REFLECT padding ([[0,0],[top,bottom],[left,right],[0,0]]) as slices of single rows and columns joined around the picture. */
  private reflectPad(input: number, paddings: number[]): number {
    const { graph } = this;
    let x = input;
    for (const axis of [1, 2]) {
      const [before, after] = [paddings[axis * 2]!, paddings[axis * 2 + 1]!];
      if (!before && !after) continue;
      const shape = graph.shapeOf(x);
      const length = shape[axis]!;
      const slice = (at: number) => {
        const begin = [0, 0, 0, 0];
        const sliceShape = [...shape];
        begin[axis] = at;
        sliceShape[axis] = 1;
        return graph.op(Op.SLICE, [x, graph.ints('begin', begin), graph.ints('size', sliceShape)], sliceShape, options.slice());
      };
      const join = (parts: number[]) => {
        if (parts.length === 1) return parts[0]!;
        const joined = [...shape];
        joined[axis] = parts.reduce((sum, part) => sum + graph.shapeOf(part)[axis]!, 0);
        return graph.op(Op.CONCATENATION, parts, joined, options.concatenation(axis));
      };
      const beforeSlices: number[] = [];
      for (let i = before; i > 0; i--) beforeSlices.push(slice(i));
      const afterSlices: number[] = [];
      for (let i = 0; i < after; i++) afterSlices.push(slice(length - 2 - i));
      // XNNPACK joins at most 5 tensors at once: wider paddings join their slices first.
      x = before + after + 1 <= MAX_CONCAT_INPUTS ? join([...beforeSlices, x, ...afterSlices]) : join([join(beforeSlices), x, join(afterSlices)].filter((part) => part !== undefined));
    }
    return x;
  }
}

/** NumPy broadcasting of two shapes (aligned at the right). */
function broadcast(a: number[], b: number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new Error(`Shapes ${a.join('×')} and ${b.join('×')} do not broadcast`);
    out.push(Math.max(x, y));
  }
  return out;
}
