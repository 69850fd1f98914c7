import * as tf from '@tensorflow/tfjs';
import { crossfadeWeight } from '../style/crossfade';
import type { OnnxStyleTransformer, StyleTransformer, TfjsStyleTransformer } from './style-transformer';

/** A transformer that blends two networks' pictures while a switch of network is under way. */
export type CrossfadingTransformer = StyleTransformer & {
  /** Whether the fade has reached the new network (the caller then swaps to `to` and frees `from`). */
  finished(now: number): boolean;
};

/**
 * Runs both networks on each frame for `fadeMs` and blends their pictures, the old one fading out,
 * as a style switch does; frames cost both networks during the fade (300 ms by default), never
 * more. Borrowed networks: the caller disposes them. Synchronous where both run on tfjs, so the
 * pipeline keeps its one-tidy path; otherwise asynchronous, like ONNX Runtime.
 */
export function crossfadeNetworks(from: StyleTransformer, to: StyleTransformer, startedAt: number, fadeMs: number, now: () => number = () => performance.now()): CrossfadingTransformer {
  const weight = () => crossfadeWeight(now() - startedAt, fadeMs);
  const finished = (at: number) => crossfadeWeight(at - startedAt, fadeMs) >= 1;
  const blend = (a: tf.Tensor3D, b: tf.Tensor3D, w: number) => tf.tidy(() => a.mul(1 - w).add(b.mul(w)) as tf.Tensor3D);
  if (from.engine === 'tfjs' && to.engine === 'tfjs') {
    const sync: TfjsStyleTransformer & { finished(now: number): boolean } = {
      engine: 'tfjs',
      stylize: (content, embedding) => tf.tidy(() => blend(from.stylize(content, embedding), to.stylize(content, embedding), weight())),
      finished,
      dispose: () => {},
    };
    return sync;
  }
  const run = async (network: StyleTransformer, content: tf.Tensor3D, embedding: tf.Tensor4D) =>
    network.engine === 'tfjs' ? network.stylize(content, embedding) : network.stylize(content, embedding);
  const async: OnnxStyleTransformer & { finished(now: number): boolean } = {
    engine: 'onnx',
    async stylize(content, embedding) {
      const w = weight();
      const [a, b] = await Promise.all([run(from, content, embedding), run(to, content, embedding)]);
      try {
        return blend(a, b, w);
      } finally {
        tf.dispose([a, b]);
      }
    },
    finished,
    dispose: () => {},
  };
  return async;
}
