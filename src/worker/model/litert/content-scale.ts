import { Op, options, type TfliteGraph } from './tflite-writer';

/**
 * The networks take the frame in 0..1; the LiteRT models written here take it as the app holds it,
 * in 0..255, and scale it in their first op. XNNPACK does that multiply on both threads in a small
 * part of a millisecond, where a tfjs division and a second read-out before each run cost about 1 ms
 * at 340×256 (and a plain JS loop as much).
 */
export const CONTENT_SCALE = 1 / 255;

/** `input` multiplied by `scale`: a MUL by a one-element constant, the first op of the model. */
export function scaled(graph: TfliteGraph, input: number, scale: number): number {
  const factor = graph.constant(`scale_${input}`, new Float32Array([scale]), [1]);
  return graph.op(Op.MUL, [input, factor], graph.shapeOf(input), options.mul());
}
