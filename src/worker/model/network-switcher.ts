import type { NetworkName } from '../../shared/protocol';
import type { NetworkChoice } from '../../shared/network-choice';
import { crossfadeNetworks, type CrossfadingTransformer } from './network-crossfade';
import type { StyleTransformer } from './style-transformer';

interface NetworkSwitcherParts {
  /** The network the pipeline runs now; the switcher owns it from here on. */
  current: NetworkChoice & { transformer: StyleTransformer };
  /** Loads a network on the engine already chosen (beside the frames). */
  load(network: NetworkName): Promise<StyleTransformer>;
  /** Runs `job` when no frame is on the backend (the scheduler's runExclusive). */
  between<T>(job: () => Promise<T>): Promise<T>;
  /** The transformer the pipeline runs from the next frame on. */
  use(transformer: StyleTransformer): void;
  fadeMs(): number;
  onError(error: unknown): void;
  now?: () => number;
}

/**
 * Owns the transformer networks of a running stylizer and switches between them mid-stream without
 * a stall: the new network loads beside the frames, then the two crossfade (both run on each frame
 * for the fade's 300 ms), then the old one is freed between two frames. Choices made while one
 * loads are applied in order; the last one wins.
 */
export class NetworkSwitcher {
  /** The network on screen, or being faded to. */
  shown: NetworkChoice;
  private active: StyleTransformer;
  private fade: { blend: CrossfadingTransformer; from: StyleTransformer } | null = null;
  private queue: Promise<void> = Promise.resolve();
  private wanted: NetworkChoice;
  private disposed = false;
  private readonly now: () => number;

  constructor(private readonly parts: NetworkSwitcherParts) {
    const { transformer, ...choice } = parts.current;
    this.active = transformer;
    this.shown = this.wanted = choice;
    this.now = parts.now ?? (() => performance.now());
  }

  choose(choice: NetworkChoice): void {
    this.wanted = choice;
    this.queue = this.queue.then(() => this.apply()).catch((error: unknown) => {
      if (!this.disposed) this.parts.onError(error);
    });
  }

  /** Whether a switch's crossfade is running. */
  get fading(): boolean {
    return this.fade !== null;
  }

  /** After each frame: a fade that has reached the new network ends between this frame and the next. */
  frameDone(at: number): void {
    if (this.fade?.blend.finished(at)) void this.endFade();
  }

  /** Frees every network it holds; call with no frame in flight. */
  dispose(): void {
    this.disposed = true;
    this.fade?.from.dispose();
    this.fade = null;
    this.active.dispose();
  }

  /** Settles once every choice made so far is applied (tests, and the bench). */
  settled(): Promise<void> {
    return this.queue;
  }

  private async apply(): Promise<void> {
    const choice = this.wanted;
    if (choice.network === this.shown.network) {
      this.shown = choice;
      return;
    }
    await this.endFade();
    const next = await this.parts.load(choice.network);
    if (this.disposed) {
      next.dispose();
      return;
    }
    await this.parts.between(async () => {
      if (this.disposed) {
        next.dispose();
        return;
      }
      const from = this.active;
      this.active = next;
      this.shown = choice;
      const fadeMs = this.parts.fadeMs();
      if (fadeMs <= 0) {
        this.parts.use(next);
        from.dispose();
        return;
      }
      const blend = crossfadeNetworks(from, next, this.now(), fadeMs, this.now);
      this.fade = { blend, from };
      this.parts.use(blend);
    });
  }

  private endFade(): Promise<void> {
    if (!this.fade) return Promise.resolve();
    return this.parts.between(async () => {
      const fade = this.fade;
      if (!fade || this.disposed) return;
      this.fade = null;
      this.parts.use(this.active);
      fade.from.dispose();
    });
  }
}
