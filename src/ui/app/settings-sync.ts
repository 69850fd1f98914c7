import type { ReactiveControllerHost } from 'lit';
import { DEFAULT_SETTINGS, type ProcessingSettings } from '../../shared/protocol';
import { changedSettings, defaultTargetFps, type FrameRunner } from '../../shared/settings';

/**
 * The processing settings the controls show, and what the current worker was last sent: a change is
 * shown at once and the worker gets only the fields that differ. Until a person (or the address)
 * chooses a frame rate, each backend's own default applies.
 */
export class SettingsSync {
  /** The settings the current worker has. */
  private sent: ProcessingSettings = { ...DEFAULT_SETTINGS };

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Sends changed fields to the worker (nothing while none runs). */
    private readonly send: (changed: Partial<ProcessingSettings>) => void,
    public current: ProcessingSettings,
    public frameRateChosen: boolean,
  ) {}

  /** What a new worker starts with. */
  forNewWorker(): ProcessingSettings {
    this.sent = { ...this.current };
    return this.sent;
  }

  /** `send` false: shown only (a slider being dragged); the worker gets it on the next sent change. */
  change(change: Partial<ProcessingSettings>, send = true): void {
    this.current = { ...this.current, ...change };
    this.host.requestUpdate();
    if (!send) return;
    const changed = changedSettings(this.sent, this.current);
    if (Object.keys(changed).length === 0) return;
    this.sent = { ...this.current };
    this.send(changed);
  }

  /** A change from the controls: a frame rate chosen there is kept over the backend's default. */
  choose(change: Partial<ProcessingSettings>, send = true): void {
    if (change.targetFps !== undefined) this.frameRateChosen = true;
    this.change(change, send);
  }

  /**
   * A backend and network are known (a worker is ready, or the network changed): their default
   * frame rate, unless one was chosen.
   */
  backendReady(runner: FrameRunner): void {
    if (!this.frameRateChosen) this.change({ targetFps: defaultTargetFps(runner) });
  }

  /** Back to the defaults; the frame rate is the one for what runs with the default network (none before a worker is ready). */
  reset(runnerOnReset: FrameRunner | undefined): void {
    this.frameRateChosen = false;
    this.change({ ...DEFAULT_SETTINGS, ...(runnerOnReset ? { targetFps: defaultTargetFps(runnerOnReset) } : {}) });
  }
}
