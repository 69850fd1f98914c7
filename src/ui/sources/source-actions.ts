import type { SourceControlActions } from './source-controls';
import type { SourceController, SourceKind } from './source-controller';

interface SourceActionDeps {
  /** The source stopped by the person: the worker drops the frame it holds. */
  paused(): void;
  /** Opens the hidden file input for a video file or a picture. */
  pickFile(kind: 'file' | 'image'): void;
  changed(): void;
}

/**
 * What the source button, picker and K key do. Files need a picker: its choice starts the source,
 * and a cancelled picker changes nothing.
 */
export class SourceActions implements SourceControlActions {
  constructor(
    private readonly source: SourceController,
    private readonly deps: SourceActionDeps,
  ) {}

  toggle(): void {
    if (this.source.busy) {
      this.source.stop();
      this.deps.paused();
      return;
    }
    this.start(this.source.kind);
  }

  /** While a source is live, choosing another switches to it at once; otherwise the button starts it. */
  choose(kind: SourceKind): void {
    if (this.source.live) this.start(kind);
    else this.source.choose(kind);
  }

  start(kind: SourceKind): void {
    if (kind === 'camera') void this.source.startCamera();
    else if (kind === 'screen') void this.source.startScreen();
    else this.deps.pickFile(kind);
    this.deps.changed();
  }

  fileChosen(kind: 'file' | 'image', event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    void (kind === 'file' ? this.source.startFile(file) : this.source.startImage(file));
  }
}
