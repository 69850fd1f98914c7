import type { FrameStage } from '../../shared/protocol';

export type StageTimes = Partial<Record<FrameStage, number>>;

/**
 * Where a frame's time goes, stage by stage, averaged over the frames since the last report. On
 * CPU backends (WebAssembly) every op runs when called, so the times are the work itself; on GPU
 * backends they are the time to submit it, and the GPU's own time lands in the stage that waits.
 */
export class StageProfile {
  private sums: StageTimes = {};
  private frames = 0;

  add(times: StageTimes): void {
    for (const [stage, ms] of Object.entries(times) as [FrameStage, number][]) this.sums[stage] = (this.sums[stage] ?? 0) + ms;
    this.frames++;
  }

  /** Mean ms per frame of each stage since the last call (null without a frame). */
  take(): StageTimes | null {
    if (this.frames === 0) return null;
    const means: StageTimes = {};
    for (const [stage, ms] of Object.entries(this.sums) as [FrameStage, number][]) means[stage] = Math.round((ms / this.frames) * 100) / 100;
    this.sums = {};
    this.frames = 0;
    return means;
  }
}

/** Marks stage ends on one clock: `end('import')` credits the time since the last mark to that stage. */
export class StageClock {
  readonly times: StageTimes = {};
  private last: number;

  constructor(private readonly now: () => number, start = now()) {
    this.last = start;
  }

  end(stage: FrameStage): void {
    const now = this.now();
    this.times[stage] = (this.times[stage] ?? 0) + (now - this.last);
    this.last = now;
  }
}
