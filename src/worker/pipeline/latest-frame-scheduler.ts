/**
 * Latest frame wins, at most one frame waiting, no faster than the target rate.
 * A frame offered while another waits replaces it, and the replaced one is released at once,
 * so camera buffers are never hoarded and the queue can never grow.
 * With `depth` 2, the next frame is imported and its work submitted while the device still
 * computes the previous one (double buffering); a third never starts before the first is done.
 * Other work that must not overlap a frame (a style prediction) queues with `runExclusive` and
 * goes before the next frame, so the stream pauses for one prediction at most, never for a queue.
 * Pure logic over injected time and timers so that it can be tested without a browser.
 */

export interface SchedulerClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Returned by `process` once a frame's work is handed to the device; `done` settles when its result is out. */
interface FrameSubmission {
  done: Promise<void>;
}

interface SchedulerOptions<F> {
  /** Resolves when the thread is free for the next frame: at once with nothing, or with the device still busy. */
  process(frame: F): Promise<FrameSubmission | void>;
  release(frame: F): void;
  onError(error: unknown): void;
  /** Called each time the last frame on the device is out and nothing else runs: memory is at rest. */
  onIdle?(): void;
  targetFps: number;
  /** Frames whose work may be on the device at once (1 or 2); 1 by default. */
  depth?: number;
  clock?: SchedulerClock;
}

const realClock: SchedulerClock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class LatestFrameScheduler<F> {
  private pending: F | null = null;
  /** A frame is being imported and submitted, or an exclusive job runs. */
  private busy = false;
  /** Submitted frames whose results are not out yet. */
  private inFlight = 0;
  private readonly depth: number;
  private timer: unknown = null;
  private lastStart = Number.NEGATIVE_INFINITY;
  private minIntervalMs: number;
  private destroyed = false;
  private readonly clock: SchedulerClock;
  private readonly jobs: Array<() => Promise<void>> = [];
  private idleWaiters: Array<() => void> = [];
  dropped = 0;

  constructor(private readonly options: SchedulerOptions<F>) {
    this.clock = options.clock ?? realClock;
    this.minIntervalMs = 1000 / options.targetFps;
    this.depth = Math.max(1, Math.floor(options.depth ?? 1));
  }

  get isBusy(): boolean {
    return this.busy || this.inFlight > 0;
  }

  setTargetFps(fps: number): void {
    this.minIntervalMs = 1000 / fps;
    this.rearm();
  }

  offer(frame: F): void {
    if (this.destroyed) {
      this.options.release(frame);
      return;
    }
    if (this.pending !== null) {
      this.options.release(this.pending);
      this.dropped++;
    }
    this.pending = frame;
    // A macrotask, not a microtask: frames that queued up while a synchronous backend held the
    // thread are all delivered first, so the newest of them is the one that runs.
    this.schedule(0);
  }

  /** Runs `job` as soon as no frame is in flight (submitted ones included), ahead of any waiting frame. */
  runExclusive<T>(job: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.jobs.push(() => Promise.resolve().then(job).then(resolve, reject));
      this.schedule(0);
    });
  }

  /** Resolves once no frame is being imported or on the device and no job runs. */
  idle(): Promise<void> {
    if (!this.isBusy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Releases the waiting frame; the one in flight finishes. */
  clear(): void {
    if (this.pending !== null) this.options.release(this.pending);
    this.pending = null;
    this.cancelTimer();
    if (this.jobs.length > 0 && !this.isBusy) this.schedule(0);
  }

  destroy(): void {
    this.clear();
    this.destroyed = true;
  }

  private rearm(): void {
    this.cancelTimer();
    if ((this.pending !== null || this.jobs.length > 0) && !this.busy) this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.timer !== null) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.pump();
    }, ms);
  }

  private cancelTimer(): void {
    if (this.timer === null) return;
    this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private pump(): void {
    if (this.busy) return;
    if (this.jobs.length > 0) {
      // A job sees the device idle; the frame that finishes last schedules the pump again.
      if (this.inFlight > 0) return;
      this.run(this.jobs.shift()!);
      return;
    }
    if (this.pending === null || this.destroyed || this.inFlight >= this.depth) return;
    const wait = this.lastStart + this.minIntervalMs - this.clock.now();
    if (wait > 0) {
      this.schedule(wait);
      return;
    }
    const frame = this.pending;
    this.pending = null;
    this.lastStart = this.clock.now();
    this.inFlight++;
    this.run(async () => {
      let submission: FrameSubmission | void = undefined;
      try {
        submission = await this.options.process(frame);
      } catch (error) {
        this.options.onError(error);
      }
      if (!submission) {
        this.inFlight--;
        return;
      }
      void submission.done
        .catch((error: unknown) => this.options.onError(error))
        .finally(() => {
          this.inFlight--;
          this.reportIdle();
          this.pumpSoon();
        });
    });
  }

  private run(work: () => Promise<void>): void {
    this.busy = true;
    void work().finally(() => {
      this.busy = false;
      this.reportIdle();
      this.pumpSoon();
    });
  }

  private reportIdle(): void {
    if (this.isBusy) return;
    if (!this.destroyed) this.options.onIdle?.();
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private pumpSoon(): void {
    if (this.pending !== null || this.jobs.length > 0) this.schedule(0);
  }
}
