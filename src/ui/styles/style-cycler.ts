import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How often the style changes by itself, in seconds. */
export const CYCLE_INTERVAL_S = { min: 5, max: 120, step: 5, default: 20 } as const;
/** "Only favourites" needs at least this many starred styles; with fewer, all styles take turns. */
export const MIN_FAVOURITES_TO_CYCLE = 2;

export interface CycleSettings {
  enabled: boolean;
  intervalS: number;
  favouritesOnly: boolean;
}

export const DEFAULT_CYCLE_SETTINGS: CycleSettings = { enabled: false, intervalS: CYCLE_INTERVAL_S.default, favouritesOnly: false };

/** A kept or typed value brought back inside the slider's range (whole steps). */
export function clampCycleInterval(seconds: number): number {
  if (!Number.isFinite(seconds)) return CYCLE_INTERVAL_S.default;
  return Math.min(CYCLE_INTERVAL_S.max, Math.max(CYCLE_INTERVAL_S.min, Math.round(seconds)));
}

interface CycleDeps {
  /** Every style, in gallery order. */
  styleIds(): string[];
  favouriteIds(): ReadonlySet<string>;
  /** The single style on screen ('' for a mix). */
  selectedId(): string;
  /** Shows `id` (the worker crossfades to it). */
  select(id: string): void;
  /** False while the worker is (re)starting: the turn is skipped, the cycle goes on. */
  canSelect(): boolean;
}

/**
 * Auto-cycle: every `intervalS` the next style (of all, or of the favourites) takes over. It owns
 * its timer, which stops with the host. A style on screen that the cycler did not pick means a person
 * picked it (gallery, keys, mixer, Surprise me, a new picture): cycling stops then, as a person
 * expects after choosing. It lives on the UI thread, so a worker restart does not interrupt it.
 */
export class StyleCycler implements ReactiveController {
  settings: CycleSettings = { ...DEFAULT_CYCLE_SETTINGS };
  /** Why cycling stopped by itself, for the line beside the checkbox. */
  notice = '';
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The style this cycler put on screen last (or the one on screen when cycling started). */
  private expectedId = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: CycleDeps,
  ) {
    host.addController(this);
  }

  /** The styles that take turns, in gallery order. */
  get candidates(): string[] {
    const all = this.deps.styleIds();
    if (!this.settings.favouritesOnly) return all;
    const favourites = this.deps.favouriteIds();
    const starred = all.filter((id) => favourites.has(id));
    return starred.length >= MIN_FAVOURITES_TO_CYCLE ? starred : all;
  }

  /** Settings from the controls or from the last visit. */
  configure(change: Partial<CycleSettings>): void {
    const wasEnabled = this.settings.enabled;
    this.settings = { ...this.settings, ...change, intervalS: clampCycleInterval(change.intervalS ?? this.settings.intervalS) };
    if (change.enabled !== undefined) this.notice = '';
    if (!this.settings.enabled) this.clearTimer();
    else if (!wasEnabled || change.intervalS !== undefined) this.restartTimer();
    this.host.requestUpdate();
  }

  hostConnected(): void {
    if (this.settings.enabled) this.restartTimer();
  }

  hostDisconnected(): void {
    this.clearTimer();
  }

  /** After every render: a style the cycler did not pick is a person's choice, which stops cycling. */
  hostUpdated(): void {
    if (!this.settings.enabled || !this.expectedId) return;
    if (this.deps.selectedId() === this.expectedId) return;
    this.settings = { ...this.settings, enabled: false };
    this.notice = 'Cycling stopped because a style was picked.';
    this.clearTimer();
    this.host.requestUpdate();
  }

  /** One turn: the candidate after the one on screen (the first when the screen shows something else). */
  step(): void {
    const candidates = this.candidates;
    if (candidates.length < 2 || !this.deps.canSelect()) return;
    const index = candidates.indexOf(this.deps.selectedId());
    const next = candidates[(index + 1) % candidates.length]!;
    this.expectedId = next;
    this.deps.select(next);
  }

  private restartTimer(): void {
    this.clearTimer();
    this.expectedId = this.deps.selectedId();
    const tick = (): void => {
      this.step();
      this.timer = setTimeout(tick, this.settings.intervalS * 1000);
    };
    this.timer = setTimeout(tick, this.settings.intervalS * 1000);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
