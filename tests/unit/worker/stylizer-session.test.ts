import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type BackendReport, type CameraFrame, type ProcessingSettings, type StylizerStats } from '../../../src/shared/protocol';
import { type StylizerError } from '../../../src/shared/errors';
import { StyleEmbeddingState } from '../../../src/worker/style/style-embedding-state';
import { StylizerSession } from '../../../src/worker/stylizer-session';
import { FakeFrame, FakeSink, FakeSource } from '../../support/fake-frame-ends';
import { provideImageData } from '../../support/image-data';

// The session's own duties (frames in and out, stats, settings, pause, dispose) on tfjs's CPU
// backend, with stand-ins for the network, the predictor's worker and the frame ends; the real
// networks run in tests/model and the whole worker in tests/e2e.

const REPORT: BackendReport = {
  name: 'cpu',
  forced: false,
  fallbackReason: '',
  threads: null,
  pipelineDepth: 1,
  engine: 'tfjs',
  engineChoice: { how: 'only', timings: {}, fallbackReason: '' },
  network: 'full',
  networkReason: 'test',
  outputPasses: 'js',
};

function setup() {
  let settings: ProcessingSettings = { ...DEFAULT_SETTINGS, adaptiveResolution: false, targetFps: 60 };
  const style = new StyleEmbeddingState();
  style.setTarget(tf.zeros([1, 1, 1, 100]) as tf.Tensor4D, true, 0, 0);
  const transformer = {
    engine: 'tfjs' as const,
    disposed: false,
    stylize: (content: tf.Tensor3D) => tf.tidy(() => content.toFloat().div(255)) as tf.Tensor3D,
    dispose() {
      this.disposed = true;
    },
  };
  const predictor = { destroyed: false, init: vi.fn(), warmUp: vi.fn(), predict: vi.fn(), destroy: vi.fn(async () => void (predictor.destroyed = true)) };
  const source = new FakeSource();
  const sink = new FakeSink();
  const stats: StylizerStats[] = [];
  const errors: StylizerError[] = [];
  const session = new StylizerSession({
    report: REPORT,
    transformer,
    network: { network: 'full', reason: 'test' },
    loadOptions: { baseUrl: '/models/', backend: 'cpu', threads: null, size: { width: 16, height: 12 }, shortSide: 12 },
    predictor,
    outputPasses: null,
    source,
    sink,
    canvas: {} as OffscreenCanvas,
    events: { onProgress: () => {}, onStats: (report) => stats.push(report), onError: (error) => errors.push(error) },
    settings: () => settings,
    style,
    backgroundStyle: new StyleEmbeddingState(),
  });
  const change = (next: Partial<ProcessingSettings>) => {
    const before = settings;
    settings = { ...settings, ...next };
    session.settingsChanged(before, next);
  };
  return { session, transformer, predictor, source, sink, stats, errors, style, change };
}

beforeAll(async () => {
  provideImageData();
  await tf.setBackend('cpu');
});

const live: StylizerSession[] = [];
afterEach(async () => {
  await Promise.all(live.splice(0).map((session) => session.dispose()));
});

describe('StylizerSession', () => {
  it('stylizes pushed frames onto the sink and reports them in its stats', async () => {
    const { session, sink, stats, errors } = setup();
    live.push(session);
    session.start();
    for (let i = 0; i < 3; i++) {
      session.push(new FakeFrame() as unknown as CameraFrame);
      await vi.waitFor(() => expect(sink.drawn).toHaveLength(i + 1));
    }
    // The CPU backend takes the pixel chain: RGBA at the output size (the camera's 64×48).
    expect(sink.drawn.at(-1)).toEqual([48, 64, 4]);
    await vi.waitFor(() => expect(stats.at(-1)?.framesStylized).toBe(3), { timeout: 2000 });
    // The size the network processed (the stand-in scaler's 341×256).
    expect(stats.at(-1)).toMatchObject({ backend: 'cpu', engine: 'tfjs', network: 'full', width: 341, height: 256 });
    expect(errors).toEqual([]);
  });

  it('applies a new output size from the next frame on', async () => {
    const { session, sink, change } = setup();
    live.push(session);
    session.start();
    change({ maxOutputShortSide: 24 });
    session.push(new FakeFrame() as unknown as CameraFrame);
    await vi.waitFor(() => expect(sink.drawn).toHaveLength(1));
    expect(sink.drawn[0]).toEqual([24, 32, 4]);
  });

  it('pause starts the next source afresh: its frame rate is measured anew (the frame count goes on)', async () => {
    const { session, sink, stats } = setup();
    live.push(session);
    session.start();
    session.push(new FakeFrame() as unknown as CameraFrame);
    await vi.waitFor(() => expect(sink.drawn).toHaveLength(1));
    await vi.waitFor(() => expect(stats.at(-1)?.fps).toBeGreaterThan(0), { timeout: 2000 });
    await session.pause();
    expect(stats.at(-1)).toMatchObject({ fps: 0, framesStylized: 1 });
  });

  it('dispose frees the networks, the predictor’s worker, the frame ends and every tensor it made, and closes later frames at once', async () => {
    const before = tf.memory().numTensors;
    const { session, transformer, predictor, source, sink } = setup();
    session.start();
    session.push(new FakeFrame() as unknown as CameraFrame);
    await vi.waitFor(() => expect(sink.drawn).toHaveLength(1));
    await session.dispose();
    expect(transformer.disposed).toBe(true);
    expect(predictor.destroyed).toBe(true);
    expect(source.destroyed && sink.destroyed).toBe(true);
    // What is left is the style's embedding, which the service owns.
    expect(tf.memory().numTensors).toBe(before + 1);
    const late = new FakeFrame();
    session.push(late as unknown as CameraFrame);
    expect(late.closed).toBe(true);
    await session.dispose();
  });

  it('refuses a snapshot before any frame, with a code the page can tell apart', async () => {
    const { session } = setup();
    live.push(session);
    await expect(session.snapshot()).rejects.toMatchObject({ code: 'not-ready' });
  });
});
