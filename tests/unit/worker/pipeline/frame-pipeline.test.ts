import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CameraFrame } from '../../../../src/shared/protocol';
import type { StyleTransformer } from '../../../../src/worker/model/style-transformer';
import { FramePipeline } from '../../../../src/worker/pipeline/frame-pipeline';
import { PixelQualityChain } from '../../../../src/worker/quality/pixel-quality-chain';
import { ScalarOutputPasses } from '../../../../src/worker/quality/output-passes';
import { QualityChain, type QualitySettings } from '../../../../src/worker/quality/quality-chain';
import { RegionMask } from '../../../../src/worker/quality/region-mask';
import { FakeFrame, FakeSink, FakeSource } from '../../../support/fake-frame-ends';
import { provideImageData } from '../../../support/image-data';

// The pipeline's own logic on tfjs's CPU backend with small tensors; the real networks run in tests/model.

const QUALITY_ON: QualitySettings = { reduceFlicker: true, keepColours: false, detail: 0.6 };

function setup(options: { source?: FakeSource; transformer?: StyleTransformer; frame?: FakeFrame; quality?: QualitySettings; pixelChain?: boolean; regions?: RegionMask; background?: { active(): boolean; embeddingAt(now: number): tf.Tensor4D }; segmentAhead?: (pixels: tf.Tensor3D) => Promise<void> } = {}) {
  const settings = () => options.quality ?? QUALITY_ON;
  const quality = options.pixelChain ? new PixelQualityChain(settings, options.regions ?? null, new ScalarOutputPasses()) : new QualityChain(settings, options.regions);
  const frame = options.frame ?? new FakeFrame();
  const source = options.source ?? new FakeSource();
  const sink = new FakeSink();
  const closedWhenStylized: boolean[] = [];
  const transformer: StyleTransformer = options.transformer ?? {
    engine: 'tfjs',
    stylize: (content) => {
      closedWhenStylized.push(frame.closed);
      return tf.tidy(() => content.toFloat().div(255)) as tf.Tensor3D;
    },
    dispose: () => {},
  };
  const pipeline = new FramePipeline({
    source,
    sink,
    transformer,
    embedding: { embeddingAt: () => tf.zeros([1, 1, 1, 100]) },
    ...(options.background ? { background: options.background } : {}),
    ...(options.segmentAhead ? { segmentAhead: options.segmentAhead } : {}),
    quality,
    sizes: { processing: () => 12, output: () => 24 },
  });
  return { pipeline, frame, source, sink, closedWhenStylized, quality };
}

beforeAll(async () => {
  provideImageData();
  await tf.setBackend('cpu');
});

describe('FramePipeline', () => {
  it('closes the camera frame once its pixels are on the backend, before the network runs', async () => {
    const { pipeline, frame, closedWhenStylized, sink } = setup();
    const submission = await pipeline.submit(frame as unknown as CameraFrame);
    expect(closedWhenStylized).toEqual([true]);
    const result = await submission.done;
    // Processed at 16×12 (the processing size), drawn at 32×24 (the output size).
    expect(result.processed).toEqual({ width: 16, height: 12 });
    expect(sink.drawn).toEqual([[24, 32, 3]]);
  });

  it('leaves no tensor behind per frame, and dispose frees what the quality chain keeps', async () => {
    const before = tf.memory().numTensors;
    const { pipeline, quality } = setup();
    await (await pipeline.submit(new FakeFrame() as unknown as CameraFrame)).done;
    // Reduce flicker keeps the network input, the camera guide and the output between frames.
    expect(quality.keptTensors).toBe(3);
    const afterFirst = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) await (await pipeline.submit(new FakeFrame() as unknown as CameraFrame)).done;
    expect(tf.memory().numTensors).toBe(afterFirst);
    pipeline.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reads the frame at the output size only when a stage uses it', async () => {
    const { pipeline, source } = setup({ quality: { reduceFlicker: false, keepColours: false, detail: 0 } });
    await (await pipeline.submit(new FakeFrame() as unknown as CameraFrame)).done;
    // Keep original colours takes its chroma at the processing size: no output-size copy for it.
    const withColours = setup({ source, quality: { reduceFlicker: false, keepColours: true, detail: 0 } });
    await (await withColours.pipeline.submit(new FakeFrame() as unknown as CameraFrame)).done;
    const withDetail = setup({ source, quality: { reduceFlicker: false, keepColours: false, detail: 0.5 } });
    await (await withDetail.pipeline.submit(new FakeFrame() as unknown as CameraFrame)).done;
    expect(source.cameraSizes).toEqual([null, null, 24]);
  });

  it('keeps the GPU copy when the network fails, and closes the frame anyway', async () => {
    const source = new FakeSource(true);
    const failing: StyleTransformer = { engine: 'tfjs', stylize: () => { throw new Error('out of memory'); }, dispose: () => {} };
    const { pipeline, frame } = setup({ source, transformer: failing });
    // The bitmap path imports fine here (the fake passes pixel data), so only the model fails.
    await expect(pipeline.submit(frame as unknown as CameraFrame)).rejects.toThrow('out of memory');
    expect(source.gpuCopy).toBe(true);
    expect(pipeline.gpuCopyFallback).toBeNull();
    expect(frame.closed).toBe(true);
  });

  it('falls back to CPU copies only when the GPU import itself fails, and says so', async () => {
    const source = new FakeSource(true, true);
    const { pipeline, frame, sink } = setup({ source });
    await (await pipeline.submit(frame as unknown as CameraFrame)).done;
    expect(source.gpuCopy).toBe(false);
    expect(pipeline.gpuCopyFallback).toMatch(/GPU copy of a camera frame failed/);
    expect(sink.drawn).toHaveLength(1);
    expect(frame.closed).toBe(true);
    // Both scaled copies were released.
    expect(source.released).toBe(2);
  });

  it('runs an asynchronous engine (ONNX Runtime) the same way: frame closed first, output resized, nothing left', async () => {
    const frame = new FakeFrame();
    const closedWhenStylized: boolean[] = [];
    const onnxLike: StyleTransformer = {
      engine: 'onnx',
      stylize: async (content) => {
        closedWhenStylized.push(frame.closed);
        await new Promise((resolve) => setTimeout(resolve, 1));
        return tf.tidy(() => content.toFloat().div(255)) as tf.Tensor3D;
      },
      dispose: () => {},
    };
    const { pipeline, sink } = setup({ transformer: onnxLike, frame });
    await (await pipeline.submit(frame as unknown as CameraFrame)).done;
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await (await pipeline.submit(new FakeFrame() as unknown as CameraFrame)).done;
    // The first frame was closed before the network saw it (the closure watches that one frame).
    expect(closedWhenStylized.every(Boolean)).toBe(true);
    expect(sink.drawn.at(-1)).toEqual([24, 32, 3]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('with Person only on an asynchronous engine, frees each frame’s region weights and keeps only the one steadied mask', async () => {
    const onnxLike: StyleTransformer = {
      engine: 'onnx',
      stylize: async (content) => tf.tidy(() => content.toFloat().div(255)) as tf.Tensor3D,
      dispose: () => {},
    };
    const regions = new RegionMask(() => 'person', () => tf.fill([8, 12, 1], 0.8) as tf.Tensor3D);
    const { pipeline } = setup({ transformer: onnxLike, regions });
    await (await pipeline.submit(new FakeFrame() as unknown as CameraFrame)).done;
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await (await pipeline.submit(new FakeFrame() as unknown as CameraFrame)).done;
    expect(tf.memory().numTensors).toBe(before);
    expect(regions.keptTensors).toBe(1);
  });

  it('on an asynchronous engine, has the mask worked out ahead from the frame’s own pixels before its chain asks for it', async () => {
    const onnxLike: StyleTransformer = {
      engine: 'onnx',
      stylize: async (content) => tf.tidy(() => content.toFloat().div(255)) as tf.Tensor3D,
      dispose: () => {},
    };
    const order: string[] = [];
    let ahead: tf.Tensor3D | null = null;
    const regions = new RegionMask(
      () => 'person',
      () => {
        order.push('segment');
        const mask = ahead;
        ahead = null;
        return mask;
      },
    );
    const segmentAhead = async (pixels: tf.Tensor3D) => {
      order.push(`ahead ${pixels.shape.join('×')}`);
      await Promise.resolve();
      ahead = tf.fill([8, 12, 1], 0.8) as tf.Tensor3D;
    };
    const { pipeline } = setup({ transformer: onnxLike, regions, segmentAhead });
    await (await pipeline.submit(new FakeFrame() as unknown as CameraFrame)).done;
    await (await pipeline.submit(new FakeFrame() as unknown as CameraFrame)).done;
    expect(order).toEqual(['ahead 12×16×3', 'segment', 'ahead 12×16×3', 'segment']);
    expect(ahead).toBeNull();
    regions.dispose();
  });

  it('Person and background: a second run with the background’s style, each region in its own, nothing left', async () => {
    // The stand-in network paints the frame in its embedding's first number: 0 for the person's
    // style (setup's), 1 for the background's.
    const runs: number[] = [];
    const painter: StyleTransformer = {
      engine: 'onnx',
      stylize: async (content, embedding) => {
        const colour = embedding.dataSync()[0]!;
        runs.push(colour);
        return tf.fill([...content.shape.slice(0, 2), 3] as [number, number, number], colour) as tf.Tensor3D;
      },
      dispose: () => {},
    };
    // The person is the left half of the segmenter's grid.
    const regions = new RegionMask(() => 'both', () => tf.tidy(() => tf.range(0, 12).less(6).cast('float32').reshape([1, 12, 1]).tile([8, 1, 1])) as tf.Tensor3D);
    const { pipeline, sink } = setup({
      transformer: painter,
      regions,
      quality: { reduceFlicker: false, keepColours: false, detail: 0 },
      background: { active: () => true, embeddingAt: () => tf.ones([1, 1, 1, 100]) as tf.Tensor4D },
    });
    await (await pipeline.submit(new FakeFrame() as unknown as CameraFrame)).done;
    const before = tf.memory().numTensors;
    await (await pipeline.submit(new FakeFrame() as unknown as CameraFrame)).done;
    expect(tf.memory().numTensors).toBe(before);
    expect(runs.slice(-2)).toEqual([0, 1]);
    const { shape, values } = sink.lastTensor!;
    const [height, width] = shape as [number, number, number];
    const meanOfColumns = (from: number, to: number) => {
      let sum = 0;
      for (let y = 0; y < height; y++) for (let x = from; x < to; x++) for (let c = 0; c < 3; c++) sum += values[(y * width + x) * 3 + c]!;
      return sum / (height * (to - from) * 3);
    };
    expect(meanOfColumns(0, Math.floor(width / 4))).toBeLessThan(0.05);
    expect(meanOfColumns(width - Math.floor(width / 4), width)).toBeGreaterThan(0.95);
  });

  it('hands the sink RGBA pixels at the output size with the pixel chain (CPU-side backends), leaving no tensor behind', async () => {
    const { pipeline, sink, quality } = setup({ pixelChain: true });
    await (await pipeline.submit(new FakeFrame() as unknown as CameraFrame)).done;
    // The camera guide is kept off the backend: only the network input and the output are tensors.
    expect(quality.keptTensors).toBe(2);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await (await pipeline.submit(new FakeFrame() as unknown as CameraFrame)).done;
    expect(sink.drawn).toEqual(Array(4).fill([24, 32, 4]));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('draws the network’s own output when no stage changes it (asynchronous engine, every stage off)', async () => {
    const onnxLike: StyleTransformer = {
      engine: 'onnx',
      stylize: async (content) => tf.tidy(() => content.toFloat().div(255)) as tf.Tensor3D,
      dispose: () => {},
    };
    const plain = { reduceFlicker: false, keepColours: false, detail: 0 };
    for (const pixelChain of [true, false]) {
      // The output at the processing size too, so that the tensor chain has nothing to resize either.
      const { pipeline, sink } = setup({ transformer: onnxLike, quality: plain, pixelChain });
      pipeline['parts'].sizes = { processing: () => 12, output: () => 12 };
      const before = tf.memory().numTensors;
      for (let i = 0; i < 2; i++) await (await pipeline.submit(new FakeFrame() as unknown as CameraFrame)).done;
      expect(sink.drawn).toEqual(Array(2).fill([12, 16, pixelChain ? 4 : 3]));
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('destroys its source and sink on dispose', () => {
    const { pipeline, source, sink } = setup();
    pipeline.dispose();
    expect(source.destroyed).toBe(true);
    expect(sink.destroyed).toBe(true);
  });
});
