import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { describeError } from '../../shared/errors';

interface FullscreenDeps {
  /** The host's shadow root, whose fullscreen element says whether the view is fullscreen. */
  root(): ShadowRoot;
  /** What goes fullscreen: the stylized view. */
  element(): HTMLElement | null;
  /** The browser refused. */
  failed(text: string): void;
}

/** Fullscreen of the stylized view; follows Esc and the browser's own exits through `fullscreenchange`. */
export class FullscreenController implements ReactiveController {
  active = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: FullscreenDeps,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('fullscreenchange', this.onChange);
  }

  hostDisconnected(): void {
    document.removeEventListener('fullscreenchange', this.onChange);
  }

  toggle(): void {
    if (this.deps.root().fullscreenElement) {
      void document.exitFullscreen();
      return;
    }
    void this.deps.element()?.requestFullscreen().catch((error: unknown) => this.deps.failed(`Fullscreen is not available here: ${describeError(error)}`));
  }

  private readonly onChange = (): void => {
    this.active = this.deps.root().fullscreenElement != null;
    this.host.requestUpdate();
  };
}
