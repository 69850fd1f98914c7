import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Somewhere on the page where a dropped picture means something else than a new style (the photo panel). */
interface DropZone {
  contains(event: DragEvent): boolean;
  take(file: File): void;
}

/**
 * Pictures dropped on the page or pasted anywhere become styles; dropped on `zone`, they go there
 * instead. Owns the document's paste listener (added while the host is connected) and the "drop
 * here" state the page shows.
 */
export class PictureDropController implements ReactiveController {
  /** A file is being dragged over the page. */
  dropping = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Each picture, as a File (picked, dropped) or a plain Blob (pasted). */
    private readonly add: (picture: Blob) => void,
    private readonly zone: DropZone | null = null,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('paste', this.onPaste);
  }

  hostDisconnected(): void {
    document.removeEventListener('paste', this.onPaste);
  }

  readonly onDragOver = (event: DragEvent): void => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.setDropping(true);
  };

  readonly onDragLeave = (): void => this.setDropping(false);

  readonly onDrop = (event: DragEvent): void => {
    event.preventDefault();
    this.setDropping(false);
    const files = [...(event.dataTransfer?.files ?? [])];
    if (this.zone?.contains(event)) {
      if (files[0]) this.zone.take(files[0]);
      return;
    }
    for (const file of files) this.add(file);
  };

  private readonly onPaste = (event: ClipboardEvent): void => {
    // Pasting text into the name field stays text.
    if (event.composedPath().some((node) => node instanceof HTMLInputElement && node.type === 'text')) return;
    const files = [...(event.clipboardData?.files ?? [])];
    if (files.length === 0) return;
    event.preventDefault();
    // Clipboard pictures are all called "image.png"; as plain blobs they get a clearer name.
    for (const file of files) this.add(new Blob([file], { type: file.type }));
  };

  private setDropping(dropping: boolean): void {
    if (this.dropping === dropping) return;
    this.dropping = dropping;
    this.host.requestUpdate();
  }
}
