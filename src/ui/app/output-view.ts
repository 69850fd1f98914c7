import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How long the controls stay after the last key press or pointer movement. */
const CONTROLS_SHOWN_MS = 3000;

/**
 * `?view=output`: the stylized video fills the page, for streaming software's browser source or a
 * shared window; the controls come back over it on a key press or pointer movement and go again
 * after 3 s. Only classes change: the canvas is the worker's and must never be re-created.
 */
export class OutputView implements ReactiveController {
  controlsShown = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    readonly active: boolean,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (!this.active) return;
    window.addEventListener('pointermove', this.show);
    window.addEventListener('keydown', this.show);
  }

  hostDisconnected(): void {
    window.removeEventListener('pointermove', this.show);
    window.removeEventListener('keydown', this.show);
    if (this.timer !== null) clearTimeout(this.timer);
  }

  /** The page's classes: nothing unless the output view is on. */
  get classes(): string {
    return this.active ? `output-view ${this.controlsShown ? '' : 'controls-hidden'}` : '';
  }

  private readonly show = (): void => {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.controlsShown = false;
      this.host.requestUpdate();
    }, CONTROLS_SHOWN_MS);
    if (this.controlsShown) return;
    this.controlsShown = true;
    this.host.requestUpdate();
  };
}
