import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiteRtRuntime } from '../../../../../src/worker/backend/litert-runtime';
import { createFastStyleTransformer, loadFastNetworkWeights } from '../../../../../src/worker/model/fast-style-transformer';
import { writeFastNetworkTflite, type FastNetworkWeights } from '../../../../../src/worker/model/litert/fast-network-tflite';
import { LiteRtStyleTransformer } from '../../../../../src/worker/model/litert/litert-style-transformer';
import type { TfjsStyleTransformer } from '../../../../../src/worker/model/style-transformer';
import { personPhotoAt } from '../../../../support/images';
import { loadLiteRtInNode } from '../../../../support/litert-node';
import { projectModelsDir, sharedModelsDir } from '../../../../support/paths';
import { serveFolder } from '../../../../support/static-server';

// The worker writes the fast network as a TFLite model for each processing size (LiteRT.js runs a
// model at its own size only). The model it writes must be the same network as the tfjs one, run
// whole by XNNPACK, and the engine must keep one compiled model per size and free them all.
const catalogue = JSON.parse(readFileSync(resolve(sharedModelsDir(), 'styles', 'styles.json'), 'utf8')) as { styles: { id: string; embedding: number[] }[] };

let server: { url: string; close(): Promise<void> };
let runtime: LiteRtRuntime;
let weights: FastNetworkWeights;
let fastTfjs: TfjsStyleTransformer;

beforeAll(async () => {
  await tf.setBackend('wasm');
  server = await serveFolder(projectModelsDir());
  const tensors = await loadFastNetworkWeights({ baseUrl: server.url });
  weights = new Map(Object.entries(tensors).map(([name, tensor]) => [name, { data: tensor.dataSync() as Float32Array, shape: tensor.shape }]));
  tf.dispose(Object.values(tensors));
  fastTfjs = await createFastStyleTransformer({ baseUrl: server.url });
  runtime = await loadLiteRtInNode();
});

afterAll(async () => {
  fastTfjs?.dispose();
  await server?.close();
});

describe('the fast network on LiteRT', () => {
  for (const [height, width] of [
    [256, 340],
    [256, 256],
    [128, 172],
  ] as const) {
    it(`writes a ${height}×${width} model that XNNPACK runs whole and that draws what tfjs draws`, async () => {
      const model = await runtime.api.loadAndCompile(writeFastNetworkTflite(weights, { width, height }), { accelerator: 'wasm' });
      expect(model.isFullyAccelerated).toBe(true);
      expect(model.getInputDetails().map((input) => [input.name, [...input.shape]])).toEqual([
        ['content', [1, height, width, 3]],
        ['style_embedding', [1, 1, 1, 100]],
      ]);
      model.delete();

      const litert = new LiteRtStyleTransformer(runtime, (size) => writeFastNetworkTflite(weights, size));
      const frame = personPhotoAt(height, width);
      for (const style of [catalogue.styles[0]!, catalogue.styles.at(-1)!]) {
        const embedding = tf.tensor4d(style.embedding, [1, 1, 1, 100]);
        const viaTfjs = fastTfjs.stylize(frame, embedding);
        const viaLiteRt = await litert.stylize(frame, embedding);
        expect(viaLiteRt.shape).toEqual([height, width, 3]);
        const maxDifference = tf.tidy(() => viaTfjs.sub(viaLiteRt).abs().max().dataSync()[0] ?? 1);
        tf.dispose([embedding, viaTfjs, viaLiteRt]);
        console.info(`${height}×${width} ${style.id}: max difference ${maxDifference.toExponential(2)} against tfjs`);
        expect(maxDifference, style.id).toBeLessThanOrEqual(1e-4);
      }
      frame.dispose();
      litert.dispose();
    });
  }

  it('compiles each size once, leaves one tensor per frame, and refuses to run once disposed', async () => {
    const written: string[] = [];
    const litert = new LiteRtStyleTransformer(runtime, (size) => {
      written.push(`${size.width}x${size.height}`);
      return writeFastNetworkTflite(weights, size);
    });
    const small = personPhotoAt(128, 172);
    const smaller = personPhotoAt(96, 128);
    const embedding = tf.tensor4d(catalogue.styles[1]!.embedding, [1, 1, 1, 100]);
    await litert.prepare({ width: 172, height: 128 });
    const before = tf.memory().numTensors;
    for (const frame of [small, smaller, small, smaller]) (await litert.stylize(frame, embedding)).dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(written).toEqual(['172x128', '128x96']);
    litert.dispose();
    await expect(litert.stylize(small, embedding)).rejects.toThrow(/disposed/);
    tf.dispose([small, smaller, embedding]);
  });

  it('reads the number of residual blocks from the weights (train.py --blocks 3 needs no change here)', async () => {
    // A third block copied from the second; idle, its last norm's scale and shift are zero, so it
    // adds nothing (the two-block picture); as copied, it must change the picture.
    const withThirdBlock = (idle: boolean): FastNetworkWeights => {
      const grown = new Map(weights);
      for (const [name, weight] of weights) {
        const match = /^(res|res_norms)\.(2|3)\.(.+)$/.exec(name);
        if (match) grown.set(`${match[1]}.${Number(match[2]) + 2}.${match[3]}`, weight);
      }
      for (const part of idle ? (['scale', 'shift'] as const) : [])
        for (const kind of ['weight', 'bias'] as const) {
          const { shape } = weights.get(`res_norms.3.${part}.${kind}`)!;
          grown.set(`res_norms.5.${part}.${kind}`, { shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });
        }
      return grown;
    };
    const size = { width: 172, height: 128 };
    const frame = personPhotoAt(size.height, size.width);
    const embedding = tf.tensor4d(catalogue.styles[0]!.embedding, [1, 1, 1, 100]);
    const picture = async (network: FastNetworkWeights) => {
      const litert = new LiteRtStyleTransformer(runtime, (at) => writeFastNetworkTflite(network, at));
      const out = await litert.stylize(frame, embedding);
      litert.dispose();
      return out;
    };
    const [twoBlocks, idleThird, activeThird] = [await picture(weights), await picture(withThirdBlock(true)), await picture(withThirdBlock(false))];
    const difference = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => a.sub(b).abs().mean().dataSync()[0]!);
    console.info(`third block idle: ${difference(twoBlocks, idleThird)}, active: ${difference(twoBlocks, activeThird)}`);
    expect(difference(twoBlocks, idleThird)).toBeLessThan(1e-5);
    expect(difference(twoBlocks, activeThird)).toBeGreaterThan(0.01);
    tf.dispose([frame, embedding, twoBlocks, idleThird, activeThird]);
    expect(() => writeFastNetworkTflite(new Map([...weights].filter(([name]) => !name.startsWith('res.3.'))), size)).toThrow(/two convolutions each; its weights have 3/);
  });

  it('refuses a size that is not a multiple of 4, by name', () => {
    expect(() => writeFastNetworkTflite(weights, { width: 130, height: 96 })).toThrow(/multiples of 4, not 130×96/);
  });
});
