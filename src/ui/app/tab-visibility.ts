import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Whether the tab is hidden, kept current for its host, with a call on every change. */
export class TabVisibility implements ReactiveController {
  /** The tab is hidden: no frames are sent, so no GPU work happens in the background. */
  hidden = document.visibilityState === 'hidden';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly changed: (hidden: boolean) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onChange);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onChange);
  }

  private readonly onChange = (): void => {
    this.hidden = document.visibilityState === 'hidden';
    this.changed(this.hidden);
    this.host.requestUpdate();
  };
}
