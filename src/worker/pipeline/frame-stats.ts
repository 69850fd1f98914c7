/**
 * Rolling frame rate and per-frame time over the last `windowMs` of completed frames.
 * A frame's time is what it added: from its start, or from the previous frame's finish when the
 * two overlapped (pipelined), so that overlapping frames are not counted twice.
 */
export class FrameStats {
  private readonly finishedAt: number[] = [];
  private readonly durations: number[] = [];
  private since: number | null = null;
  private unreported: number[] = [];
  private unreportedEnds: number[] = [];
  private lastFinishedAt: number | null = null;
  private longestGap = 0;
  total = 0;

  constructor(private readonly windowMs = 2000) {}

  /** Returns the frame's time as counted. */
  record(startedAt: number, finishedAt: number): number {
    this.since ??= startedAt;
    const ms = finishedAt - Math.max(startedAt, this.lastFinishedAt ?? startedAt);
    this.finishedAt.push(finishedAt);
    this.durations.push(ms);
    this.unreported.push(ms);
    this.unreportedEnds.push(finishedAt);
    if (this.lastFinishedAt !== null) this.longestGap = Math.max(this.longestGap, finishedAt - this.lastFinishedAt);
    this.lastFinishedAt = finishedAt;
    this.total++;
    this.trim(finishedAt);
    return ms;
  }

  /** Frames finished in the window ending at `now`, per second; a young window counts from its first frame. */
  fps(now: number): number {
    this.trim(now);
    if (this.since === null || this.finishedAt.length === 0) return 0;
    const span = Math.min(this.windowMs, now - this.since);
    return span > 0 ? (this.finishedAt.length * 1000) / span : 0;
  }

  meanMs(): number {
    if (this.durations.length === 0) return 0;
    return this.durations.reduce((a, b) => a + b, 0) / this.durations.length;
  }

  /** Frame times recorded since the last call. */
  takeRecent(): number[] {
    const recent = this.unreported;
    this.unreported = [];
    return recent;
  }

  /**
   * The frame figures of a stats report, and what they count since the previous report. Finish
   * times go out as `performance.timeOrigin + now()`, comparable across threads.
   */
  report(now: number, timeOrigin: number) {
    return {
      fps: this.fps(now),
      msPerFrame: this.meanMs(),
      framesStylized: this.total,
      recentFrameMs: this.takeRecent(),
      frameEndTimes: this.takeRecentEnds().map((end) => timeOrigin + end),
      longestGapMs: this.takeLongestGap(),
    };
  }

  /** When each frame recorded since the last call finished. */
  takeRecentEnds(): number[] {
    const ends = this.unreportedEnds;
    this.unreportedEnds = [];
    return ends;
  }

  /** Longest time between two finished frames since the last call: a stall shows here, not in the mean. */
  takeLongestGap(): number {
    const gap = this.longestGap;
    this.longestGap = 0;
    return gap;
  }

  reset(): void {
    this.unreported = [];
    this.unreportedEnds = [];
    this.lastFinishedAt = null;
    this.longestGap = 0;
    this.finishedAt.length = 0;
    this.durations.length = 0;
    this.since = null;
  }

  private trim(now: number): void {
    while (this.finishedAt.length > 0 && (this.finishedAt[0] ?? now) < now - this.windowMs) {
      this.finishedAt.shift();
      this.durations.shift();
    }
  }
}
