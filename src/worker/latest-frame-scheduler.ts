/**
 * Latest frame wins, at most one frame in flight, no faster than the target rate.
 * A frame offered while another waits replaces it, and the replaced one is released at once,
 * so camera buffers are never hoarded and the queue can never grow.
 * Other work that must not overlap a frame (a style prediction) queues with `runExclusive` and
 * goes before the next frame, so the stream pauses for one prediction at most, never for a queue.
 * Pure logic over injected time and timers so that it can be tested without a browser.
 */

export interface SchedulerClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SchedulerOptions<F> {
  process(frame: F): Promise<void>;
  release(frame: F): void;
  onError(error: unknown): void;
  targetFps: number;
  clock?: SchedulerClock;
}

const realClock: SchedulerClock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class LatestFrameScheduler<F> {
  private pending: F | null = null;
  private busy = false;
  private timer: unknown = null;
  private lastStart = Number.NEGATIVE_INFINITY;
  private minIntervalMs: number;
  private destroyed = false;
  private readonly clock: SchedulerClock;
  private readonly jobs: Array<() => Promise<void>> = [];
  dropped = 0;

  constructor(private readonly options: SchedulerOptions<F>) {
    this.clock = options.clock ?? realClock;
    this.minIntervalMs = 1000 / options.targetFps;
  }

  get hasPending(): boolean {
    return this.pending !== null;
  }

  get isBusy(): boolean {
    return this.busy;
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

  /** Runs `job` as soon as no frame is in flight, ahead of any waiting frame. */
  runExclusive<T>(job: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.jobs.push(() => Promise.resolve().then(job).then(resolve, reject));
      this.schedule(0);
    });
  }

  /** Releases the waiting frame; the one in flight finishes. */
  clear(): void {
    if (this.pending !== null) this.options.release(this.pending);
    this.pending = null;
    this.cancelTimer();
    if (this.jobs.length > 0 && !this.busy) this.schedule(0);
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
    const job = this.jobs.shift();
    if (job) {
      this.run(job);
      return;
    }
    if (this.pending === null || this.destroyed) return;
    const wait = this.lastStart + this.minIntervalMs - this.clock.now();
    if (wait > 0) {
      this.schedule(wait);
      return;
    }
    const frame = this.pending;
    this.pending = null;
    this.lastStart = this.clock.now();
    this.run(() => this.options.process(frame).catch((error: unknown) => this.options.onError(error)));
  }

  private run(work: () => Promise<void>): void {
    this.busy = true;
    void work().finally(() => {
      this.busy = false;
      if (this.pending !== null || this.jobs.length > 0) this.schedule(0);
    });
  }
}
