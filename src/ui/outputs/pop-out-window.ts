/** The Document Picture-in-Picture API (Chromium 116+); absent from TypeScript's DOM types. */
interface DocumentPictureInPicture {
  requestWindow(options?: { width?: number; height?: number }): Promise<Window>;
}

declare global {
  interface Window {
    documentPictureInPicture?: DocumentPictureInPicture;
  }
}

type PopOutKind = 'picture-in-picture window' | 'window';

export interface PopOutSize {
  width: number;
  height: number;
}

/** Each window's name starts so; a random part per page, so two tabs never take over each other's window. */
const WINDOW_NAME_PREFIX = 'live-stylizer-output';
const TITLE = 'Stylized video · Live style transfer';
/** The window is at most this share of the screen, so it never opens larger than the screen. */
const MAX_SCREEN_SHARE = 0.9;

/** The picture's own size, scaled down to fit the screen, in whole pixels. */
export function popOutSize(picture: PopOutSize, screen: PopOutSize): PopOutSize {
  const scale = Math.min(1, (screen.width * MAX_SCREEN_SHARE) / picture.width, (screen.height * MAX_SCREEN_SHARE) / picture.height);
  return { width: Math.round(picture.width * scale), height: Math.round(picture.height * scale) };
}

/**
 * "Pop out": a window that shows only the stylized video, sized to it, for sharing in a call (share
 * this window) or for window capture in streaming software. Document Picture-in-Picture gives an
 * always-on-top window where the browser has it; elsewhere a plain pop-up window. Either shows the
 * canvas's captured stream in a <video>: the worker's canvas itself never moves, so the page keeps
 * its picture and a worker restart only needs the new canvas's stream (`follow`).
 */
export class PopOutWindow {
  private window: Window | null = null;
  private video: HTMLVideoElement | null = null;
  private stream: MediaStream | null = null;
  kind: PopOutKind | null = null;
  /** This page's own pop-up window name (window.open with an existing name reuses that window, even another tab's). */
  readonly windowName = `${WINDOW_NAME_PREFIX}-${crypto.randomUUID()}`;

  constructor(private readonly onChange: () => void) {}

  get open(): boolean {
    return this.window !== null;
  }

  /** Must run inside the click (or key press): both kinds of window need the person's gesture. */
  async show(canvas: HTMLCanvasElement, size: PopOutSize): Promise<void> {
    if (this.window) {
      this.window.focus();
      return;
    }
    const { window: opened, kind } = await this.openWindow(size);
    this.window = opened;
    this.kind = kind;
    this.video = this.fillDocument(opened.document);
    opened.addEventListener('pagehide', () => this.release(), { once: true });
    this.follow(canvas);
    this.onChange();
  }

  /** Shows `canvas` (a new worker's canvas after a restart) in the open window. */
  follow(canvas: HTMLCanvasElement): void {
    if (!this.video) return;
    this.stopStream();
    // No frame rate: a frame is captured whenever the worker draws one.
    this.stream = canvas.captureStream();
    this.video.srcObject = this.stream;
    void this.video.play().catch(() => {
      // Autoplay of a muted video is allowed; a refusal leaves the first frame, and the next play() retries.
    });
  }

  close(): void {
    const opened = this.window;
    this.release();
    opened?.close();
  }

  private async openWindow(size: PopOutSize): Promise<{ window: Window; kind: PopOutKind }> {
    const fitted = popOutSize(size, { width: screen.availWidth || size.width, height: screen.availHeight || size.height });
    if (window.documentPictureInPicture) {
      try {
        return { window: await window.documentPictureInPicture.requestWindow(fitted), kind: 'picture-in-picture window' };
      } catch {
        // Refused (no gesture, not allowed here): the plain window below still works.
      }
    }
    const opened = window.open('', this.windowName, `popup,width=${fitted.width},height=${fitted.height}`);
    if (!opened) throw new Error('the browser blocked the new window; allow pop-ups for this page and press Pop out again');
    return { window: opened, kind: 'window' };
  }

  /**
   * Only the video, filling the window on black. Styled through the CSSOM: the window inherits the
   * page's Content-Security-Policy, which refuses inline <style>.
   */
  private fillDocument(doc: Document): HTMLVideoElement {
    doc.title = TITLE;
    for (const element of [doc.documentElement, doc.body]) Object.assign(element.style, { margin: '0', height: '100%', background: '#000', overflow: 'hidden' });
    const video = doc.createElement('video');
    video.muted = true;
    video.autoplay = true;
    video.playsInline = true;
    video.setAttribute('aria-label', 'Stylized video');
    Object.assign(video.style, { display: 'block', width: '100vw', height: '100vh', objectFit: 'contain' });
    doc.body.replaceChildren(video);
    return video;
  }

  private stopStream(): void {
    this.stream?.getTracks().forEach((track) => track.stop());
    this.stream = null;
  }

  private release(): void {
    if (!this.window) return;
    this.stopStream();
    if (this.video) this.video.srcObject = null;
    this.video = null;
    this.window = null;
    this.kind = null;
    this.onChange();
  }
}
