import * as tf from '@tensorflow/tfjs';
import type { CompiledModel } from '@litertjs/core';
import type { LiteRtRuntime } from '../../backend/litert-runtime';
import { SEGMENTER_INPUT, type AheadPersonSegmenter } from '../person-segmenter';
import { ModelLoadError } from '../model-loading';
import { tensorValues } from '../../quality/tensor-values';
import { fetchGraphModel, writeSegmenterTflite } from './graph-model-tflite';

/**
 * The person segmenter on LiteRT.js (XNNPACK), written from the same tfjs graph: in the app here
 * about 6 ms a run with its input against 9 ms for the graph on tfjs-wasm, whose broadcast adds and
 * multiplies (the hard swishes) take most of its time. LiteRT runs asynchronously, so the frame's mask is computed
 * before the frame's synchronous quality chain asks for it (`segmentAhead`, then `segment`).
 */
export async function createLiteRtPersonSegmenter(runtime: LiteRtRuntime, url: string): Promise<AheadPersonSegmenter> {
  const { nodes, weights } = await fetchGraphModel(url).catch((error: unknown) => {
    throw new ModelLoadError('person-segmentation', url, error);
  });
  const model = await runtime.api.loadAndCompile(writeSegmenterTflite(nodes, weights, SEGMENTER_INPUT), { accelerator: 'wasm', cpuOptions: { numThreads: runtime.threads } });
  const segmenter = new LiteRtPersonSegmenter(runtime, model);
  // One run now: the first frame with a mask should not be the one that sets up its kernels.
  const blank = tf.zeros([SEGMENTER_INPUT.height, SEGMENTER_INPUT.width, 3]) as tf.Tensor3D;
  try {
    await segmenter.segmentAhead(blank);
    segmenter.segment()?.dispose();
  } finally {
    blank.dispose();
  }
  return segmenter;
}

class LiteRtPersonSegmenter implements AheadPersonSegmenter {
  /** The mask of the frame last given to `segmentAhead`, until `segment` takes it. */
  private ahead: tf.Tensor3D | null = null;
  /** The network's input, filled afresh for each run (LiteRT copies it in). */
  private readonly input = new Float32Array(SEGMENTER_INPUT.width * SEGMENTER_INPUT.height * 3);

  constructor(
    private readonly runtime: LiteRtRuntime,
    private readonly model: CompiledModel,
  ) {}

  async segmentAhead(pixels: tf.Tensor3D): Promise<void> {
    const { width, height } = SEGMENTER_INPUT;
    const { Tensor } = this.runtime.api;
    const input = new Tensor(segmenterInputPixels(pixels, this.input), [1, height, width, 3]);
    let outputs: InstanceType<typeof Tensor>[] = [];
    try {
      outputs = await this.model.run([input]);
      this.ahead?.dispose();
      this.ahead = tf.tensor3d(outputs[0]!.toTypedArray() as Float32Array, [height, width, 1]);
    } finally {
      for (const tensor of [input, ...outputs]) tensor.delete();
    }
  }

  segment(): tf.Tensor3D | null {
    const mask = this.ahead;
    this.ahead = null;
    if (!mask) return null;
    // A copy in the caller's tidy: the kept tensor is freed here.
    const copy = mask.clone();
    mask.dispose();
    return copy;
  }

  dispose(): void {
    this.ahead?.dispose();
    this.ahead = null;
    this.model.delete();
  }
}

/**
 * The network's input from the frame's pixels as `segmenterInput` makes it (bilinear with half-pixel
 * centres, 0..1), in one loop over the 256×144 grid. In the app a tfjs resize whose result is then
 * read out took 15-19 ms a frame here (the pixels themselves read out in under 1 ms); this takes about
 * half of one (the columns' taps worked out once per frame size, not at every pixel: 1.2 → 0.56 ms
 * in Node at 340×256).
 */
export function segmenterInputPixels(pixels: tf.Tensor3D, out = new Float32Array(SEGMENTER_INPUT.width * SEGMENTER_INPUT.height * 3)): Float32Array {
  const [inHeight, inWidth] = pixels.shape;
  // On CPU backends a read is a copy out of the WebAssembly heap, not a GPU readback.
  const source = tensorValues(pixels);
  const { width, height } = SEGMENTER_INPUT;
  const { left, right, dx } = columnTaps(inWidth);
  const rowScale = inHeight / height;
  for (let y = 0, o = 0; y < height; y++) {
    const fy = (y + 0.5) * rowScale - 0.5;
    const top = Math.max(0, Math.floor(fy));
    const topRow = top * inWidth * 3;
    const bottomRow = Math.min(inHeight - 1, Math.ceil(fy)) * inWidth * 3;
    const dy = fy - top;
    for (let x = 0; x < width; x++, o += 3) {
      const a = topRow + left[x]!;
      const b = topRow + right[x]!;
      const c = bottomRow + left[x]!;
      const d = bottomRow + right[x]!;
      const across = dx[x]!;
      for (let channel = 0; channel < 3; channel++) {
        const upper = source[a + channel]! + (source[b + channel]! - source[a + channel]!) * across;
        const lower = source[c + channel]! + (source[d + channel]! - source[c + channel]!) * across;
        out[o + channel] = (upper + (lower - upper) * dy) * INV_255;
      }
    }
  }
  return out;
}

const INV_255 = 1 / 255;

/** Each input column's two source columns (as offsets of their first channel) and its weight, for frames `inWidth` wide. */
let taps: { inWidth: number; left: Int32Array; right: Int32Array; dx: Float64Array } | null = null;

function columnTaps(inWidth: number): { left: Int32Array; right: Int32Array; dx: Float64Array } {
  if (taps?.inWidth === inWidth) return taps;
  const { width } = SEGMENTER_INPUT;
  const columnScale = inWidth / width;
  const next = { inWidth, left: new Int32Array(width), right: new Int32Array(width), dx: new Float64Array(width) };
  for (let x = 0; x < width; x++) {
    const fx = (x + 0.5) * columnScale - 0.5;
    const left = Math.max(0, Math.floor(fx));
    next.left[x] = left * 3;
    next.right[x] = Math.min(inWidth - 1, Math.ceil(fx)) * 3;
    next.dx[x] = fx - left;
  }
  taps = next;
  return next;
}
