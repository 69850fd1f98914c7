import * as tf from '@tensorflow/tfjs';
import { crossfadeWeight } from '../style/crossfade';
import type { AsyncStyleTransformer, StyleTransformer, TfjsStyleTransformer } from './style-transformer';

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
  const async: AsyncStyleTransformer & { finished(now: number): boolean } = {
    engine: 'onnx',
    async stylize(content, embedding) {
      const w = weight();
      // Settled both ways, so a failure of one network does not leave the other's picture behind.
      const [a, b] = await Promise.allSettled([from.stylize(content, embedding), to.stylize(content, embedding)]);
      try {
        if (a.status === 'rejected') throw a.reason;
        if (b.status === 'rejected') throw b.reason;
        return blend(a.value, b.value, w);
      } finally {
        tf.dispose([a, b].flatMap((result) => (result.status === 'fulfilled' ? [result.value] : [])));
      }
    },
    finished,
    dispose: () => {},
  };
  return async;
}
