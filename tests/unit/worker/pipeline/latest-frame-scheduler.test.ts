import { describe, expect, it } from 'vitest';
import { LatestFrameScheduler, type SchedulerClock } from '../../../../src/worker/pipeline/latest-frame-scheduler';

/** A hand-driven clock: timers fire only when the test advances time. */
class FakeClock implements SchedulerClock {
  time = 0;
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private nextId = 1;
  now = () => this.time;
  setTimeout = (callback: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, callback, id });
    return id;
  };
  clearTimeout = (handle: unknown) => {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  };
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await flush();
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.time = Math.max(this.time, next.at);
      next.callback();
      await flush();
    }
    this.time = end;
    await flush();
  }
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Harness {
  scheduler: LatestFrameScheduler<string>;
  clock: FakeClock;
  processed: string[];
  released: string[];
  finish(): void;
}

function harness(targetFps = 1000, autoFinish = false): Harness {
  const clock = new FakeClock();
  const processed: string[] = [];
  const released: string[] = [];
  let resolveCurrent: (() => void) | null = null;
  const scheduler = new LatestFrameScheduler<string>({
    targetFps,
    clock,
    process: (frame) => {
      processed.push(frame);
      released.push(frame);
      if (autoFinish) return Promise.resolve();
      return new Promise<void>((resolve) => (resolveCurrent = resolve));
    },
    release: (frame) => released.push(frame),
    onError: () => {},
  });
  return {
    scheduler,
    clock,
    processed,
    released,
    finish: () => {
      resolveCurrent?.();
      resolveCurrent = null;
    },
  };
}

describe('LatestFrameScheduler', () => {
  it('processes a frame offered while idle', async () => {
    const h = harness();
    h.scheduler.offer('a');
    await h.clock.advance(0);
    expect(h.processed).toEqual(['a']);
  });

  it('keeps one frame in flight and lets the newest waiting frame win', async () => {
    const h = harness();
    h.scheduler.offer('a');
    await h.clock.advance(0);
    h.scheduler.offer('b');
    h.scheduler.offer('c');
    h.scheduler.offer('d');
    await h.clock.advance(10);
    expect(h.processed).toEqual(['a']);
    // The replaced frames were released at once, not when the busy frame finished.
    expect(h.released).toEqual(['a', 'b', 'c']);
    expect(h.scheduler.dropped).toBe(2);
    h.finish();
    await h.clock.advance(10);
    expect(h.processed).toEqual(['a', 'd']);
  });

  it('picks the newest of a burst that arrived before it could run', async () => {
    const h = harness();
    h.scheduler.offer('a');
    h.scheduler.offer('b');
    h.scheduler.offer('c');
    await h.clock.advance(0);
    expect(h.processed).toEqual(['c']);
    expect(h.scheduler.dropped).toBe(2);
  });

  it('never starts frames faster than the target rate', async () => {
    const h = harness(10, true); // 100 ms apart
    h.scheduler.offer('a');
    await h.clock.advance(0);
    h.scheduler.offer('b');
    await h.clock.advance(50);
    expect(h.processed).toEqual(['a']);
    await h.clock.advance(50);
    expect(h.processed).toEqual(['a', 'b']);
  });

  it('applies a new target rate to the frame already waiting', async () => {
    const h = harness(1, true); // 1 s apart
    h.scheduler.offer('a');
    await h.clock.advance(0);
    h.scheduler.offer('b');
    await h.clock.advance(100);
    expect(h.processed).toEqual(['a']);
    h.scheduler.setTargetFps(10);
    await h.clock.advance(0);
    expect(h.processed).toEqual(['a', 'b']);
  });

  it('releases every frame exactly once, including the waiting one on clear and after destroy', async () => {
    const h = harness();
    h.scheduler.offer('a');
    await h.clock.advance(0);
    h.scheduler.offer('b');
    h.scheduler.clear();
    h.scheduler.destroy();
    h.scheduler.offer('c');
    h.finish();
    await h.clock.advance(10);
    expect(h.processed).toEqual(['a']);
    expect([...h.released].sort()).toEqual(['a', 'b', 'c']);
  });

  it('reports a failed frame and goes on with the next', async () => {
    const clock = new FakeClock();
    const errors: unknown[] = [];
    const processed: string[] = [];
    const scheduler = new LatestFrameScheduler<string>({
      targetFps: 1000,
      clock,
      process: async (frame) => {
        processed.push(frame);
        if (frame === 'bad') throw new Error('boom');
      },
      release: () => {},
      onError: (error) => errors.push(error),
    });
    scheduler.offer('bad');
    await clock.advance(0);
    scheduler.offer('good');
    await clock.advance(10);
    expect(processed).toEqual(['bad', 'good']);
    expect(errors).toHaveLength(1);
  });

  it('runs an exclusive job after the frame in flight and before the waiting frame', async () => {
    const h = harness();
    const order: string[] = [];
    h.scheduler.offer('a');
    await h.clock.advance(0);
    h.scheduler.offer('b');
    const done = h.scheduler.runExclusive(async () => {
      order.push(`job while processed=${h.processed.join('')}`);
      return 42;
    });
    await h.clock.advance(10);
    expect(order).toEqual([]);
    h.finish();
    await h.clock.advance(0);
    expect(order).toEqual(['job while processed=a']);
    await expect(done).resolves.toBe(42);
    await h.clock.advance(10);
    expect(h.processed).toEqual(['a', 'b']);
  });

  it('passes a failed job to its caller and keeps frames flowing', async () => {
    const h = harness(1000, true);
    const failed = h.scheduler.runExclusive(() => {
      throw new Error('not a picture');
    });
    const outcome = expect(failed).rejects.toThrow('not a picture');
    await h.clock.advance(0);
    await outcome;
    h.scheduler.offer('a');
    await h.clock.advance(10);
    expect(h.processed).toEqual(['a']);
  });
});

/** Depth 2: each frame is submitted at once, and its device work finishes (or fails) when the test says. */
function pipelinedHarness() {
  const clock = new FakeClock();
  const submitted: string[] = [];
  const done: string[] = [];
  const finishers = new Map<string, { resolve(): void; reject(error: Error): void }>();
  const released: string[] = [];
  const errors: unknown[] = [];
  /** How many frames were done (`done` list length) each time the scheduler reported itself idle. */
  const idleAt: number[] = [];
  const scheduler = new LatestFrameScheduler<string>({
    targetFps: 1000,
    depth: 2,
    onIdle: () => idleAt.push(done.length),
    clock,
    process: async (frame) => {
      submitted.push(frame);
      return {
        done: new Promise<void>((resolve, reject) => finishers.set(frame, { resolve: () => (done.push(frame), resolve()), reject })),
      };
    },
    release: (frame) => released.push(frame),
    onError: (error) => errors.push(error),
  });
  const finisher = (frame: string) => {
    const found = finishers.get(frame);
    if (!found) throw new Error(`${frame} was never submitted`);
    return found;
  };
  const finish = (frame: string) => finisher(frame).resolve();
  const fail = (frame: string) => finisher(frame).reject(new Error('lost'));
  return { scheduler, clock, submitted, done, finish, fail, released, errors, idleAt };
}

describe('LatestFrameScheduler with depth 2', () => {
  it('submits the next frame while the device still works on the previous one', async () => {
    const h = pipelinedHarness();
    h.scheduler.offer('a');
    await h.clock.advance(1);
    h.scheduler.offer('b');
    await h.clock.advance(1);
    expect(h.submitted).toEqual(['a', 'b']);
    expect(h.done).toEqual([]);
  });

  it('never has a third frame on the device, and keeps only the newest waiting', async () => {
    const h = pipelinedHarness();
    for (const frame of ['a', 'b', 'c', 'd']) {
      h.scheduler.offer(frame);
      await h.clock.advance(1);
    }
    expect(h.submitted).toEqual(['a', 'b']);
    expect(h.released).toEqual(['c']);
    h.finish('a');
    await h.clock.advance(1);
    expect(h.submitted).toEqual(['a', 'b', 'd']);
  });

  it('runs an exclusive job only when no frame is on the device, before the waiting frame', async () => {
    const h = pipelinedHarness();
    const order: string[] = [];
    h.scheduler.offer('a');
    await h.clock.advance(1);
    const job = h.scheduler.runExclusive(async () => void order.push('job'));
    h.scheduler.offer('b');
    await h.clock.advance(1);
    expect(order).toEqual([]);
    expect(h.scheduler.isBusy).toBe(true);
    h.finish('a');
    await h.clock.advance(1);
    await job;
    await h.clock.advance(1);
    expect(order).toEqual(['job']);
    expect(h.submitted).toEqual(['a', 'b']);
  });

  it('reports a frame whose device work fails, and goes on with the next', async () => {
    const h = pipelinedHarness();
    h.scheduler.offer('a');
    await h.clock.advance(1);
    h.scheduler.offer('b');
    await h.clock.advance(1);
    h.fail('a');
    h.finish('b');
    h.scheduler.offer('c');
    await h.clock.advance(1);
    h.finish('c');
    await h.clock.advance(1);
    expect(h.errors).toHaveLength(1);
    expect(h.submitted).toEqual(['a', 'b', 'c']);
    expect(h.scheduler.isBusy).toBe(false);
  });
});

describe('LatestFrameScheduler at rest', () => {
  it('reports idle only once no frame is on the device, so memory sampled then holds no frame in flight', async () => {
    const h = pipelinedHarness();
    h.scheduler.offer('a');
    await h.clock.advance(1);
    h.scheduler.offer('b');
    await h.clock.advance(1);
    expect(h.submitted).toEqual(['a', 'b']);
    h.finish('a');
    await h.clock.advance(1);
    // 'b' is still on the device: not at rest.
    expect(h.idleAt).toEqual([]);
    let idle = false;
    void h.scheduler.idle().then(() => (idle = true));
    await h.clock.advance(1);
    expect(idle).toBe(false);
    h.finish('b');
    await h.clock.advance(1);
    expect(h.idleAt).toEqual([2]);
    expect(idle).toBe(true);
  });
});
