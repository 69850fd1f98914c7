import { Builder } from 'flatbuffers';

/**
 * Writes a TFLite flatbuffer (schema: tensorflow/compiler/mlir/lite/schema/schema.fbs, version 3)
 * for a graph of float32 builtin ops, without TensorFlow: LiteRT.js runs a model only at the input
 * size it was written for, so the worker writes one for each processing size it needs. Only what
 * our networks use is here; field slots and enum values are the schema's.
 */

/** BuiltinOperator codes used by the networks. */
export const Op = {
  ADD: 0,
  CONCATENATION: 2,
  CONV_2D: 3,
  DEPTHWISE_CONV_2D: 4,
  DEPTH_TO_SPACE: 5,
  FULLY_CONNECTED: 9,
  LOGISTIC: 14,
  MUL: 18,
  RELU: 19,
  RELU6: 21,
  RESHAPE: 22,
  RESIZE_BILINEAR: 23,
  PAD: 34,
  MEAN: 40,
  SUB: 41,
  SLICE: 65,
  TRANSPOSE_CONV: 67,
  RSQRT: 76,
  SQUARED_DIFFERENCE: 99,
} as const;
type OpCode = (typeof Op)[keyof typeof Op];

/** ActivationFunctionType. */
export const Activation = { NONE: 0, RELU: 1, RELU6: 3 } as const;
export type ActivationType = (typeof Activation)[keyof typeof Activation];

const TensorType = { FLOAT32: 0, INT32: 2 } as const;

/**
 * A builtin op's options table: its BuiltinOptions union member and its scalar fields by slot.
 * `int32` fields are written whole, `int8` ones (enums, bools) as bytes.
 */
interface OpOptions {
  union: number;
  fields: { slot: number; kind: 'int8' | 'int32'; value: number }[];
}

/** The padding, stride_w and stride_h slots (0-2) that the convolutions' options tables share. */
function windowFields(padding: 'same' | 'valid', stride: number): OpOptions['fields'] {
  return [
    { slot: 0, kind: 'int8', value: padding === 'same' ? 0 : 1 },
    { slot: 1, kind: 'int32', value: stride },
    { slot: 2, kind: 'int32', value: stride },
  ];
}

export const options = {
  conv2d: (padding: 'same' | 'valid', stride: number, activation: ActivationType = Activation.NONE): OpOptions => ({
    union: 1,
    fields: [...windowFields(padding, stride), { slot: 3, kind: 'int8', value: activation }],
  }),
  depthwiseConv2d: (padding: 'same' | 'valid', stride: number, activation: ActivationType = Activation.NONE): OpOptions => ({
    union: 2,
    fields: [...windowFields(padding, stride), { slot: 3, kind: 'int32', value: 1 }, { slot: 4, kind: 'int8', value: activation }],
  }),
  fullyConnected: (): OpOptions => ({ union: 8, fields: [] }),
  concatenation: (axis: number): OpOptions => ({ union: 10, fields: [{ slot: 0, kind: 'int32', value: axis }] }),
  add: (activation: ActivationType = Activation.NONE): OpOptions => ({ union: 11, fields: [{ slot: 0, kind: 'int8', value: activation }] }),
  resizeBilinear: (alignCorners: boolean, halfPixelCenters: boolean): OpOptions => ({
    union: 15,
    fields: [
      { slot: 2, kind: 'int8', value: alignCorners ? 1 : 0 },
      { slot: 3, kind: 'int8', value: halfPixelCenters ? 1 : 0 },
    ],
  }),
  reshape: (): OpOptions => ({ union: 17, fields: [] }),
  mul: (activation: ActivationType = Activation.NONE): OpOptions => ({ union: 21, fields: [{ slot: 0, kind: 'int8', value: activation }] }),
  pad: (): OpOptions => ({ union: 22, fields: [] }),
  reducer: (keepDims: boolean): OpOptions => ({ union: 27, fields: [{ slot: 0, kind: 'int8', value: keepDims ? 1 : 0 }] }),
  sub: (activation: ActivationType = Activation.NONE): OpOptions => ({ union: 28, fields: [{ slot: 0, kind: 'int8', value: activation }] }),
  slice: (): OpOptions => ({ union: 48, fields: [] }),
  transposeConv: (padding: 'same' | 'valid', stride: number): OpOptions => ({ union: 49, fields: windowFields(padding, stride) }),
  depthToSpace: (blockSize: number): OpOptions => ({ union: 94, fields: [{ slot: 0, kind: 'int32', value: blockSize }] }),
  none: (): OpOptions => ({ union: 0, fields: [] }),
};

/** The fused_activation_function slot of each options table that has one, by BuiltinOptions member. */
const ACTIVATION_SLOTS: Record<number, number> = { 1: 3, 2: 4, 11: 0, 21: 0, 28: 0 };

interface TensorEntry {
  shape: number[];
  type: number;
  /** Index into the model's buffers; 0 (the empty sentinel) for activations. */
  buffer: number;
  name: string;
}

interface OperatorEntry {
  opcodeIndex: number;
  inputs: number[];
  outputs: number[];
  options: OpOptions;
}

/** A single-subgraph model under construction: tensors are numbered as they are added. */
export class TfliteGraph {
  private readonly tensors: TensorEntry[] = [];
  private readonly buffers: Uint8Array[] = [new Uint8Array(0)];
  private readonly opcodes: OpCode[] = [];
  private readonly operators: OperatorEntry[] = [];
  private readonly inputs: number[] = [];
  private readonly outputs: number[] = [];

  input(name: string, shape: number[]): number {
    const index = this.tensor(name, shape, TensorType.FLOAT32, 0);
    this.inputs.push(index);
    return index;
  }

  output(index: number): void {
    this.outputs.push(index);
  }

  /** A float32 constant (weights); its data is copied into the model. */
  constant(name: string, data: Float32Array, shape: number[]): number {
    return this.constantOf(name, new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)), shape, TensorType.FLOAT32);
  }

  /** An int32 constant (axes, paddings, shapes, slice bounds). */
  ints(name: string, values: number[], shape: number[] = [values.length]): number {
    return this.constantOf(name, new Uint8Array(Int32Array.from(values).buffer), shape, TensorType.INT32);
  }

  /** Adds an operator writing one new float32 tensor of `shape`; returns that tensor. */
  op(code: OpCode, inputs: number[], shape: number[], opOptions: OpOptions, name = `t${this.tensors.length}`): number {
    const output = this.tensor(name, shape, TensorType.FLOAT32, 0);
    let opcodeIndex = this.opcodes.indexOf(code);
    if (opcodeIndex < 0) opcodeIndex = this.opcodes.push(code) - 1;
    this.operators.push({ opcodeIndex, inputs, outputs: [output], options: opOptions });
    return output;
  }

  /**
   * Folds a ReLU into the op that wrote `tensor` (as TensorFlow's converter does), where that op
   * takes a fused activation; returns whether it could. The caller makes sure nothing else reads
   * `tensor` before the ReLU.
   */
  fuseRelu(tensor: number, activation: ActivationType = Activation.RELU): boolean {
    const producer = this.operators.find((operator) => operator.outputs[0] === tensor);
    const slot = producer ? ACTIVATION_SLOTS[producer.options.union] : undefined;
    if (!producer || slot === undefined) return false;
    // Only over no activation: a ReLU6 after a ReLU is not a ReLU6 alone.
    if (producer.options.fields.some((field) => field.slot === slot && field.value !== Activation.NONE)) return false;
    producer.options = { union: producer.options.union, fields: [...producer.options.fields.filter((field) => field.slot !== slot), { slot, kind: 'int8', value: activation }] };
    return true;
  }

  shapeOf(index: number): number[] {
    return this.tensors[index]!.shape;
  }

  serialize(): Uint8Array {
    const builder = new Builder(1024 + this.buffers.reduce((sum, data) => sum + data.byteLength + 32, 0));
    const intVector = (values: number[]) => {
      builder.startVector(4, values.length, 4);
      for (let i = values.length - 1; i >= 0; i--) builder.addInt32(values[i]!);
      return builder.endVector();
    };
    const tableVector = (offsets: number[]) => {
      builder.startVector(4, offsets.length, 4);
      for (let i = offsets.length - 1; i >= 0; i--) builder.addOffset(offsets[i]!);
      return builder.endVector();
    };

    const bufferOffsets = this.buffers.map((data) => {
      const dataOffset = data.byteLength > 0 ? alignedBytes(builder, data, 16) : 0;
      builder.startObject(3);
      if (dataOffset) builder.addFieldOffset(0, dataOffset, 0);
      return builder.endObject();
    });
    const tensorOffsets = this.tensors.map((tensor) => {
      const name = builder.createString(tensor.name);
      const shape = intVector(tensor.shape);
      builder.startObject(10);
      builder.addFieldOffset(0, shape, 0);
      builder.addFieldInt8(1, tensor.type, 0);
      builder.addFieldInt32(2, tensor.buffer, 0);
      builder.addFieldOffset(3, name, 0);
      builder.addFieldInt8(8, 1, 0); // has_rank
      return builder.endObject();
    });
    const operatorOffsets = this.operators.map((operator) => {
      const inputs = intVector(operator.inputs);
      const outputs = intVector(operator.outputs);
      let optionsOffset = 0;
      if (operator.options.union !== 0) {
        const slots = operator.options.fields.reduce((max, field) => Math.max(max, field.slot + 1), 0);
        builder.startObject(slots);
        for (const field of operator.options.fields) {
          if (field.kind === 'int8') builder.addFieldInt8(field.slot, field.value, -1);
          else builder.addFieldInt32(field.slot, field.value, -1);
        }
        optionsOffset = builder.endObject();
      }
      builder.startObject(5);
      builder.addFieldInt32(0, operator.opcodeIndex, -1);
      builder.addFieldOffset(1, inputs, 0);
      builder.addFieldOffset(2, outputs, 0);
      if (optionsOffset) {
        builder.addFieldInt8(3, operator.options.union, 0);
        builder.addFieldOffset(4, optionsOffset, 0);
      }
      return builder.endObject();
    });
    const subgraph = (() => {
      const tensors = tableVector(tensorOffsets);
      const inputs = intVector(this.inputs);
      const outputs = intVector(this.outputs);
      const operators = tableVector(operatorOffsets);
      const name = builder.createString('main');
      builder.startObject(5);
      builder.addFieldOffset(0, tensors, 0);
      builder.addFieldOffset(1, inputs, 0);
      builder.addFieldOffset(2, outputs, 0);
      builder.addFieldOffset(3, operators, 0);
      builder.addFieldOffset(4, name, 0);
      return builder.endObject();
    })();
    const opcodeOffsets = this.opcodes.map((code) => {
      builder.startObject(4);
      builder.addFieldInt8(0, Math.min(code, 127), -1); // deprecated_builtin_code, still read by older runtimes
      builder.addFieldInt32(2, 1, 0); // version
      builder.addFieldInt32(3, code, -1); // builtin_code
      return builder.endObject();
    });
    const operatorCodes = tableVector(opcodeOffsets);
    const subgraphs = tableVector([subgraph]);
    const description = builder.createString('Written by the stylizer worker (tflite-writer.ts)');
    const buffers = tableVector(bufferOffsets);
    builder.startObject(5);
    builder.addFieldInt32(0, 3, -1); // schema version
    builder.addFieldOffset(1, operatorCodes, 0);
    builder.addFieldOffset(2, subgraphs, 0);
    builder.addFieldOffset(3, description, 0);
    builder.addFieldOffset(4, buffers, 0);
    builder.finish(builder.endObject(), 'TFL3');
    return builder.asUint8Array();
  }

  private constantOf(name: string, bytes: Uint8Array, shape: number[], type: number): number {
    const buffer = this.buffers.push(bytes) - 1;
    return this.tensor(name, shape, type, buffer);
  }

  private tensor(name: string, shape: number[], type: number, buffer: number): number {
    return this.tensors.push({ name, shape: [...shape], type, buffer }) - 1;
  }
}

/** tfjs's HWIO filter as TFLite's OHWI. */
export function hwioToOhwi(data: Float32Array, kh: number, kw: number, inChannels: number, outChannels: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < inChannels; i++)
        for (let o = 0; o < outChannels; o++) out[((o * kh + y) * kw + x) * inChannels + i] = data[((y * kw + x) * inChannels + i) * outChannels + o]!;
  return out;
}

/** A byte vector aligned to `alignment` (the schema asks 16 for buffers), copied in one go. */
function alignedBytes(builder: Builder, data: Uint8Array, alignment: number): number {
  builder.startVector(1, data.byteLength, alignment);
  // The Builder has no aligned byte-vector call; this is what its createByteVector does, with alignment.
  const internals = builder as unknown as { space: number; bb: { setPosition(position: number): void; bytes(): Uint8Array } };
  internals.space -= data.byteLength;
  internals.bb.setPosition(internals.space);
  internals.bb.bytes().set(data, internals.space);
  return builder.endVector();
}
