import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseNetwork } from '../../../../src/shared/network-choice';
import { NetworkSwitcher } from '../../../../src/worker/model/network-switcher';
import type { StyleTransformer, TfjsStyleTransformer } from '../../../../src/worker/model/style-transformer';

// The switch of network mid-stream with stand-in networks that paint one grey level each, on
// tfjs's CPU backend and a fake clock: what each frame shows, when the old network is freed.

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function network(level: number, disposed: string[], name: string): TfjsStyleTransformer {
  return {
    engine: 'tfjs',
    stylize: (content) => tf.fill(content.shape, level) as tf.Tensor3D,
    dispose: () => disposed.push(name),
  };
}

function setUp(fadeMs = 300) {
  const disposed: string[] = [];
  let clock = 0;
  let used: StyleTransformer = network(0, disposed, 'full');
  const switcher = new NetworkSwitcher({
    current: { transformer: used, ...chooseNetwork('full', 'wasm') },
    load: async (name) => network(name === 'fast' ? 1 : 0, disposed, name),
    between: (job) => job(),
    use: (transformer) => (used = transformer),
    fadeMs: () => fadeMs,
    onError: (error) => {
      throw error;
    },
    now: () => clock,
  });
  /** One frame at time `at`: the level it shows; the pipeline then reports it done. */
  const frame = (at: number) => {
    clock = at;
    const content = tf.zeros([4, 4, 3]) as tf.Tensor3D;
    const embedding = tf.zeros([1, 1, 1, 100]) as tf.Tensor4D;
    const out = (used as TfjsStyleTransformer).stylize(content, embedding);
    const level = out.dataSync()[0]!;
    tf.dispose([content, embedding, out]);
    switcher.frameDone(at);
    return level;
  };
  return { switcher, disposed, frame, at: (t: number) => (clock = t) };
}

describe('chooseNetwork', () => {
  it('runs the full network on GPUs and the fast one on CPUs unless a person chose', () => {
    expect(chooseNetwork('auto', 'webgpu').network).toBe('full');
    expect(chooseNetwork('auto', 'webgl').network).toBe('full');
    expect(chooseNetwork('auto', 'wasm').network).toBe('fast');
    expect(chooseNetwork('auto', 'cpu').network).toBe('fast');
    expect(chooseNetwork('full', 'wasm')).toEqual({ network: 'full', reason: 'Full quality, as chosen.' });
    expect(chooseNetwork('fast', 'webgpu').network).toBe('fast');
  });
});

describe('NetworkSwitcher', () => {
  it('crossfades to the new network, then frees the old one between frames', async () => {
    const { switcher, disposed, frame } = setUp();
    expect(frame(0)).toBe(0);
    switcher.choose(chooseNetwork('fast', 'wasm'));
    await switcher.settled();
    expect(switcher.shown.network).toBe('fast');
    expect(switcher.fading).toBe(true);
    // The fade started at t=0 on the fake clock: half way it is a blend, then the new network alone.
    const middle = frame(150);
    expect(middle).toBeGreaterThan(0.2);
    expect(middle).toBeLessThan(0.8);
    expect(disposed).toEqual([]);
    expect(frame(300)).toBe(1);
    await Promise.resolve();
    expect(switcher.fading).toBe(false);
    expect(disposed).toEqual(['full']);
    expect(frame(400)).toBe(1);
    switcher.dispose();
    expect(disposed).toEqual(['full', 'fast']);
  });

  it('swaps at once without a crossfade, ignores a choice of the network already on, and frees both if stopped mid-fade', async () => {
    const instant = setUp(0);
    instant.switcher.choose(chooseNetwork('fast', 'wasm'));
    await instant.switcher.settled();
    expect(instant.frame(0)).toBe(1);
    expect(instant.disposed).toEqual(['full']);
    instant.switcher.choose(chooseNetwork('auto', 'wasm'));
    await instant.switcher.settled();
    expect(instant.switcher.shown.reason).toMatch(/^Fast: on the CPU/);
    expect(instant.disposed).toEqual(['full']);

    const stopped = setUp();
    stopped.switcher.choose(chooseNetwork('fast', 'wasm'));
    await stopped.switcher.settled();
    stopped.frame(10);
    stopped.switcher.dispose();
    expect(stopped.disposed.sort()).toEqual(['fast', 'full']);
  });

  it('applies the last of several quick choices only, and a choice during a fade after it', async () => {
    const { switcher, disposed, frame } = setUp();
    frame(0);
    const before = tf.memory().numTensors;
    switcher.choose(chooseNetwork('fast', 'wasm'));
    switcher.choose(chooseNetwork('full', 'wasm'));
    await switcher.settled();
    // Full was on screen already: nothing was loaded for the choice overtaken by the next.
    expect(switcher.fading).toBe(false);
    expect(disposed).toEqual([]);

    switcher.choose(chooseNetwork('fast', 'wasm'));
    await switcher.settled();
    expect(frame(100)).toBeGreaterThan(0);
    // Back to full mid-fade: the fade to fast ends (the first full is freed), then fast fades to a new full.
    switcher.choose(chooseNetwork('full', 'wasm'));
    await switcher.settled();
    expect(disposed).toEqual(['full']);
    expect(switcher.shown.network).toBe('full');
    const fadingBack = frame(150);
    expect(fadingBack).toBeGreaterThan(0.5);
    expect(fadingBack).toBeLessThan(1);
    expect(frame(1000)).toBe(0);
    await Promise.resolve();
    expect(switcher.fading).toBe(false);
    expect(disposed).toEqual(['full', 'fast']);
    expect(tf.memory().numTensors).toBe(before);
  });
});
