/**
 * Would half precision keep the output within the reference tolerance? tfjs has no f16 kernels to
 * try, so this emulates f16 storage: on the CPU backend, every float kernel's output is rounded to
 * the nearest float16 before the next kernel reads it (arithmetic inside a kernel stays float32, as
 * in shaders that accumulate in f32). The weights are float16 already. Prints the figures as JSON.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createStyleTransformer, type TfjsStyleTransformer } from '../../src/worker/model/style-transformer';
import { readPng } from '../support/images';
import { sharedModelsDir } from '../support/paths';
import { serveFolder } from '../support/static-server';

interface ReferenceJson {
  suggestedTolerance: { perChannelMeanAbs: number; meanAbsPixel: number };
  pairs: { content: string; style: string; input: string; expected: string; channelMean: number[]; styleEmbedding: number[] }[];
}

const bits = new Float32Array(1);
const word = new Uint32Array(bits.buffer);

/** The float16 nearest to `x` (ties to even), as a float32; ±Infinity beyond float16's range. */
export function roundToHalf(x: number): number {
  bits[0] = x;
  const exponent = (word[0]! >>> 23) & 0xff;
  if (exponent === 0xff) return x;
  // Below float16's normal range its step is fixed at 2^-24.
  if (exponent < 113) return Math.round(x * 2 ** 24) / 2 ** 24;
  const rounded = (word[0]! + 0x0fff + ((word[0]! >>> 13) & 1)) & 0xffffe000;
  if (((rounded >>> 23) & 0xff) > 142) return x > 0 ? Infinity : -Infinity;
  word[0] = rounded;
  return bits[0];
}

const modelsDir = sharedModelsDir();
const reference = JSON.parse(readFileSync(resolve(modelsDir, 'reference', 'reference.json'), 'utf8')) as ReferenceJson;
let server: Awaited<ReturnType<typeof serveFolder>>;
let model: TfjsStyleTransformer;
let emulateHalf = false;
let nonFinite = 0;

beforeAll(async () => {
  await tf.setBackend('cpu');
  for (const config of tf.getKernelsForBackend('cpu')) {
    const kernelFunc = config.kernelFunc;
    tf.unregisterKernel(config.kernelName, 'cpu');
    tf.registerKernel({
      ...config,
      kernelFunc: (args) => {
        const out = kernelFunc(args);
        if (!emulateHalf) return out;
        const data = (args.backend as unknown as { data: { get(id: object): { values: Float32Array } } }).data;
        for (const info of Array.isArray(out) ? out : [out]) {
          if (info.dtype !== 'float32') continue;
          const values = data.get(info.dataId).values;
          for (let i = 0; i < values.length; i++) {
            values[i] = roundToHalf(values[i]!);
            if (!Number.isFinite(values[i]!)) nonFinite++;
          }
        }
        return out;
      },
    });
  }
  server = await serveFolder(modelsDir);
  model = await createStyleTransformer({ baseUrl: server.url });
});

afterAll(async () => {
  model?.dispose();
  await server?.close();
});

it('rounds to float16', () => {
  expect(roundToHalf(1 + 2 ** -11)).toBe(1); // a tie goes to the even neighbour
  expect(roundToHalf(1 + 3 * 2 ** -11)).toBe(1 + 2 ** -9);
  expect(roundToHalf(65504)).toBe(65504);
  expect(roundToHalf(70000)).toBe(Infinity);
  expect(roundToHalf(2 ** -25 * 3)).toBe(2 ** -23);
});

it('float16 storage keeps every reference pair within tolerance', () => {
  const rows = reference.pairs.map((pair) => {
    const content = readPng(resolve(modelsDir, 'reference', pair.input));
    const expected = tf.tidy(() => readPng(resolve(modelsDir, 'reference', pair.expected)).toFloat().div(255));
    const embedding = tf.tensor4d(pair.styleEmbedding, [1, 1, 1, 100]);
    const measure = (half: boolean) => {
      emulateHalf = half;
      const out = model.stylize(content, embedding);
      emulateHalf = false;
      return tf.tidy(() => {
        const diff = out.sub(expected).abs();
        const means = Array.from(out.mean([0, 1]).dataSync());
        out.dispose();
        return {
          meanAbs: diff.mean().dataSync()[0]!,
          maxAbs: diff.max().dataSync()[0]!,
          worstChannelMeanDelta: Math.max(...means.map((mean, c) => Math.abs(mean - pair.channelMean[c]!))),
        };
      });
    };
    const row = { pair: `${pair.content}+${pair.style}`, float32: measure(false), float16Storage: measure(true) };
    tf.dispose([content, expected, embedding]);
    return row;
  });
  console.log(JSON.stringify({ nonFinite, rows }, null, 2));
  expect(nonFinite).toBe(0);
  for (const { float16Storage } of rows) {
    expect(float16Storage.meanAbs).toBeLessThanOrEqual(reference.suggestedTolerance.meanAbsPixel);
    expect(float16Storage.worstChannelMeanDelta).toBeLessThanOrEqual(reference.suggestedTolerance.perChannelMeanAbs);
  }
});
