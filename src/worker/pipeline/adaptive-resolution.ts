import { adaptiveLadder } from '../geometry/frame-sizes';

/**
 * Picks the processing size (short side, px) that holds the target frame rate.
 *
 * The transformer's cost grows with the pixel count, so the time a frame would take at another
 * size is predicted as ms × (size ratio)². The size steps down when recent frames are clearly over
 * the frame budget and up only when the next size up is predicted to fit well inside it; the gap
 * between the two thresholds and a settle time after each change keep it from hunting.
 */
interface AdaptiveResolutionOptions {
  /** The person's chosen size: the most the adapter will use. */
  maxShortSide: number;
  targetFps: number;
}

/** Over budget by this factor → smaller. */
const STEP_DOWN_ABOVE = 1.15;
/** Next size up predicted under budget × this → larger. */
const STEP_UP_BELOW = 0.8;
/** Frames and time measured at a size before judging it (the first frames at a new size can carry shader compilation). */
const SETTLE_FRAMES = 6;
const SETTLE_MS = 1500;
/** Frames over which the recent time per frame is averaged. */
const WINDOW = 8;

export class AdaptiveResolution {
  private sizes: number[] = [];
  private index = 0;
  private budgetMs = 0;
  private recent: number[] = [];
  private framesAtSize = 0;
  /** When the first frame at this size finished: the settle time counts from there, not from a setting or a load. */
  private sizeSince: number | null = null;

  constructor(options: AdaptiveResolutionOptions) {
    this.configure(options);
  }

  /** Starts again from the chosen size, as after a settings change. */
  configure({ maxShortSide, targetFps }: AdaptiveResolutionOptions): void {
    this.sizes = adaptiveLadder(maxShortSide);
    this.index = this.sizes.length - 1;
    this.budgetMs = 1000 / targetFps;
    this.resetWindow();
  }

  /** Every size it may use, smallest first; the last is the chosen one. */
  get ladder(): readonly number[] {
    return this.sizes;
  }

  get shortSide(): number {
    return this.sizes[this.index]!;
  }

  get atMax(): boolean {
    return this.index === this.sizes.length - 1;
  }

  /** Records one frame's processing time; returns true when the size changed. */
  record(frameMs: number, now: number): boolean {
    this.recent.push(frameMs);
    if (this.recent.length > WINDOW) this.recent.shift();
    this.framesAtSize++;
    this.sizeSince ??= now;
    if (this.framesAtSize < SETTLE_FRAMES || now - this.sizeSince < SETTLE_MS) return false;
    const meanMs = this.recent.reduce((sum, ms) => sum + ms, 0) / this.recent.length;
    if (meanMs > this.budgetMs * STEP_DOWN_ABOVE && this.index > 0) return this.step(-1);
    const next = this.sizes[this.index + 1];
    if (next !== undefined && meanMs * (next / this.shortSide) ** 2 < this.budgetMs * STEP_UP_BELOW) return this.step(1);
    return false;
  }

  private step(direction: 1 | -1): boolean {
    this.index += direction;
    this.resetWindow();
    return true;
  }

  private resetWindow(): void {
    this.recent = [];
    this.framesAtSize = 0;
    this.sizeSince = null;
  }
}
