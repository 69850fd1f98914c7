import type { ReactiveControllerHost } from 'lit';
import type { ViewActions, ViewMode } from './view-controls';

/** How the pictures are laid out: which view, the compare line, mirroring and the original (O key). Each change re-renders. */
export class ViewOptions implements Omit<ViewActions, 'toggleFullscreen'> {
  mode: ViewMode;
  /** Compare view: where the line sits (% of the width), the original on its left and the stylized picture on its right. */
  split = 50;
  mirror: boolean;
  /** The camera picture in place of the stylized one (the O key). */
  showOriginal = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    kept: { view: ViewMode; mirror: boolean } | null,
  ) {
    this.mode = kept?.view ?? 'stylized';
    this.mirror = kept?.mirror ?? false;
  }

  setMode(mode: ViewMode): void {
    this.mode = mode;
    this.host.requestUpdate();
  }

  setSplit(split: number): void {
    this.split = split;
    this.host.requestUpdate();
  }

  setMirror(mirror: boolean): void {
    this.mirror = mirror;
    this.host.requestUpdate();
  }

  setShowOriginal(shown: boolean): void {
    this.showOriginal = shown;
    this.host.requestUpdate();
  }

  reset(): void {
    this.mode = 'stylized';
    this.mirror = false;
    this.host.requestUpdate();
  }
}
