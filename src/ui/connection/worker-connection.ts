import type { ReactiveController, ReactiveControllerHost } from 'lit';
import * as Comlink from 'comlink';
import { describeError } from '../../shared/errors';
import { type BackendReport, type InitOptions, type LoadProgress, type StylizerEvents, type StylizerStats } from '../../shared/protocol';
import { isStylizerError } from '../../shared/errors';
import { RestartPolicy } from './restart-policy';
import { createStylizerClient, type StylizerClient } from './stylizer-client';

type Phase = 'loading' | 'ready' | 'failed';

const WATCHDOG_INTERVAL_MS = 5_000;
/** Stats come every 500 ms; even the CPU backend at 1080 px finishes a frame well within this. */
const WORKER_SILENCE_LIMIT_MS = 30_000;

/** What the page does around the worker's lifetime. */
export interface ConnectionHooks {
  /** The <canvas> the next worker draws into (a fresh one per worker: each hands its drawing over once). */
  canvas(): HTMLCanvasElement | null;
  initOptions(): InitOptions;
  /** The worker is ready: give it the style, connect the frames. A throw fails the start. */
  attach(client: StylizerClient, report: BackendReport): Promise<void>;
  /** The worker is going away: stop sending it frames, end what uses its canvas. */
  detach(): void;
  /** A sentence for the notices (a restart, a fallback). */
  notify(text: string): void;
  /** A person-readable sentence for a `{ code, message }` from the worker. */
  describe(error: unknown): string;
  /** Frames are paused on purpose (hidden tab): silence then is not a hang. */
  paused(): boolean;
  /** Each stats report of the current worker. */
  statsArrived?(stats: StylizerStats): void;
}

/**
 * Owns the stylizer worker: starts it, hears its progress, stats and errors, restarts it when it
 * crashes, loses its GPU or goes silent (at most 3 times a minute, then Retry), and frees it when
 * the page goes. Events from a worker that was already replaced are ignored.
 */
export class WorkerConnection implements ReactiveController {
  phase: Phase = 'loading';
  progress: LoadProgress = { stage: 'backend', fraction: 0 };
  report: BackendReport | null = null;
  stats: StylizerStats | null = null;
  errorText = '';
  /** Bumped for each new worker; the page keys its <canvas> on it. */
  generation = 0;
  private current: StylizerClient | null = null;
  private readonly restarts = new RestartPolicy();
  private lastStatsAt = 0;
  private watchdog: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly hooks: ConnectionHooks,
    private readonly createClient: () => StylizerClient = createStylizerClient,
    private readonly now: () => number = () => performance.now(),
  ) {
    host.addController(this);
  }

  get client(): StylizerClient | null {
    return this.current;
  }

  hostConnected(): void {
    this.watchdog = setInterval(() => this.checkAlive(), WATCHDOG_INTERVAL_MS);
  }

  hostDisconnected(): void {
    if (this.watchdog !== null) clearInterval(this.watchdog);
    this.watchdog = null;
    this.hooks.detach();
    void this.current?.destroy();
    this.current = null;
  }

  /** Shows a failure from any call to the worker as the error line. */
  showError(error: unknown): void {
    this.errorText = this.hooks.describe(error);
    this.host.requestUpdate();
  }

  clearError(): void {
    this.errorText = '';
    this.host.requestUpdate();
  }

  /** After a long pause (hidden tab) the silence clock starts again. */
  resetSilenceClock(): void {
    this.lastStatsAt = this.now();
  }

  async start(): Promise<void> {
    await this.host.updateComplete;
    const canvas = this.hooks.canvas();
    if (!canvas) return;
    const client = this.createClient();
    this.current = client;
    this.phase = 'loading';
    this.report = null;
    this.stats = null;
    this.progress = { stage: 'backend', fraction: 0 };
    this.host.requestUpdate();
    client.crashed.catch((error: unknown) => this.lost(client, describeError(error)));
    try {
      const offscreen = canvas.transferControlToOffscreen();
      const report = await Promise.race([
        client.crashed,
        client.api.init(this.hooks.initOptions(), Comlink.transfer(offscreen, [offscreen]), Comlink.proxy(this.eventsFor(client))),
      ]);
      if (client !== this.current) return;
      this.report = report;
      await this.hooks.attach(client, report);
      if (client !== this.current) return;
      this.lastStatsAt = this.now();
      this.phase = 'ready';
    } catch (error) {
      if (client !== this.current) return;
      this.hooks.detach();
      this.phase = 'failed';
      this.errorText = this.hooks.describe(error);
    }
    this.host.requestUpdate();
  }

  /** Drops the worker and starts a fresh one with a fresh canvas; the page keeps its camera, styles and settings. */
  restart(notice?: string): void {
    this.hooks.detach();
    void this.current?.destroy();
    this.current = null;
    if (notice) this.hooks.notify(notice);
    // A new generation renders a fresh <canvas>, which `start` waits for.
    this.generation++;
    this.host.requestUpdate();
    void this.start();
  }

  retry(): void {
    this.restarts.reset();
    this.errorText = '';
    this.restart();
  }

  /** Events are bound to the worker that sends them: a replaced worker's late events change nothing. */
  private eventsFor(client: StylizerClient): StylizerEvents {
    return {
      onProgress: (progress) => {
        if (client !== this.current) return;
        this.progress = progress;
        this.host.requestUpdate();
      },
      onStats: (stats) => {
        if (client !== this.current) return;
        this.stats = stats;
        this.lastStatsAt = this.now();
        this.hooks.statsArrived?.(stats);
        this.host.requestUpdate();
      },
      onError: (error) => {
        if (client !== this.current) return;
        // Nothing on a lost GPU can be saved: a fresh worker gets a fresh device.
        if (isStylizerError(error) && error.code === 'gpu-lost') this.lost(client, error.message);
        else this.showError(error);
      },
    };
  }

  private lost(client: StylizerClient, reason: string): void {
    if (client !== this.current || this.phase === 'failed') return;
    if (this.restarts.tryRestart(this.now())) {
      this.restart(`The stylizer stopped (${reason}); it was restarted with your style and settings.`);
      return;
    }
    this.hooks.detach();
    this.phase = 'failed';
    this.errorText = `The stylizer keeps stopping (${reason}). Press Retry to start it again.`;
    this.host.requestUpdate();
  }

  /** A worker that was closed or hangs sends no event; its stats stop instead. */
  private checkAlive(): void {
    if (this.phase !== 'ready' || !this.current || this.hooks.paused()) return;
    if (this.now() - this.lastStatsAt > WORKER_SILENCE_LIMIT_MS) this.lost(this.current, `no reply for ${WORKER_SILENCE_LIMIT_MS / 1000} s`);
  }
}
