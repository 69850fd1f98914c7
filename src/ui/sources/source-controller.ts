import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CameraFrame } from '../../shared/protocol';
import { messageForCameraError, messageForScreenError } from './source-messages';

export type SourceKind = 'camera' | 'screen' | 'file' | 'image';
type SourceState = 'off' | 'starting' | 'live' | 'error';

/** Capture heights offered for a camera; the camera picks its nearest mode. */
export const CAPTURE_HEIGHTS = [480, 720, 1080] as const;
const DEFAULT_CAPTURE_HEIGHT = 480;
/** A still picture is offered to the stylizer this often, so strength and style changes show. */
const STILL_FRAME_RATE = 15;

/**
 * Owns the video source: a camera, a shared screen, a looping video file or a still picture, all
 * played through one <video> so that the frame loop, the original view and the source's audio work
 * the same way for each. Starting a source stops the previous one's tracks; everything it opened is
 * released in hostDisconnected.
 */
export class SourceController implements ReactiveController {
  readonly video: HTMLVideoElement = document.createElement('video');
  kind: SourceKind = 'camera';
  state: SourceState = 'off';
  error = '';
  devices: MediaDeviceInfo[] = [];
  deviceId = '';
  captureHeight: number = DEFAULT_CAPTURE_HEIGHT;
  /** The file or picture's name, for the status line. */
  label = '';
  private stream: MediaStream | null = null;
  private objectUrl: string | null = null;
  private stillTimer: ReturnType<typeof setInterval> | null = null;
  private still: ImageBitmap | null = null;
  private frameCallback: number | null = null;
  private startToken = 0;

  /** Called with each new frame; the callee owns (and must close or transfer) it. */
  onFrame: ((frame: CameraFrame) => void) | null = null;
  /** Called when a live source stops for any reason (the person, an unplugged camera, an ended share). */
  onStopped: (() => void) | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    this.video.muted = true;
    this.video.playsInline = true;
    this.video.setAttribute('aria-label', 'Original video');
    host.addController(this);
  }

  private readonly onDeviceChange = (): void => void this.refreshDevices();

  hostConnected(): void {
    navigator.mediaDevices?.addEventListener?.('devicechange', this.onDeviceChange);
  }

  hostDisconnected(): void {
    navigator.mediaDevices?.removeEventListener?.('devicechange', this.onDeviceChange);
    this.stop();
  }

  get live(): boolean {
    return this.state === 'live';
  }

  /** Live, or on its way: the start button reads "stop". */
  get busy(): boolean {
    return this.state === 'live' || this.state === 'starting';
  }

  /** Audio that belongs to the source: a shared tab's or screen's sound, or a video file's soundtrack. */
  audioTracks(): MediaStreamTrack[] {
    if (this.kind === 'file' && this.live) {
      const capture = (this.video as HTMLVideoElement & { captureStream?: () => MediaStream }).captureStream?.();
      return capture?.getAudioTracks() ?? [];
    }
    return this.stream?.getAudioTracks() ?? [];
  }

  /**
   * The source's own picture as a track of its own, at its full frame rate (for recording it): a
   * clone of the camera's or screen's track, or what the <video> plays (a file, a still). The caller
   * stops it; null while nothing is live.
   */
  videoTrack(): MediaStreamTrack | null {
    if (!this.live) return null;
    const own = this.stream?.getVideoTracks()[0];
    if (own) return own.clone();
    const capture = (this.video as HTMLVideoElement & { captureStream?: () => MediaStream }).captureStream?.();
    return capture?.getVideoTracks()[0] ?? null;
  }

  /** Frames per second the camera or screen delivers; null for files and stills (or before a source is live). */
  frameRate(): number | null {
    return this.live ? (this.stream?.getVideoTracks()[0]?.getSettings().frameRate ?? null) : null;
  }

  /** Picks which kind the start button opens next; a live source keeps running until then. */
  choose(kind: SourceKind): void {
    if (this.busy) return;
    this.kind = kind;
    this.setState('off', '');
  }

  startCamera(deviceId = this.deviceId): Promise<void> {
    return this.open('camera', '', messageForCameraError, async () => {
      if (!navigator.mediaDevices?.getUserMedia) throw new TypeError('getUserMedia is not available');
      const height = { ideal: this.captureHeight };
      const width = { ideal: Math.round((this.captureHeight * 4) / 3) };
      return navigator.mediaDevices.getUserMedia({
        video: deviceId ? { deviceId: { exact: deviceId }, width, height } : { width, height },
        audio: false,
      });
    });
  }

  startScreen(): Promise<void> {
    return this.open('screen', '', messageForScreenError, async () => {
      if (!navigator.mediaDevices?.getDisplayMedia) throw new TypeError('getDisplayMedia is not available');
      // The sound of a shared tab comes along when the person ticks "share audio", for recording.
      return navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 30 } }, audio: true });
    });
  }

  startFile(file: File): Promise<void> {
    const fail = () => `“${file.name}” could not be played as a video. Try a WebM or MP4 file.`;
    return this.open('file', file.name, fail, async () => {
      this.objectUrl = URL.createObjectURL(file);
      this.video.loop = true;
      this.video.src = this.objectUrl;
      await new Promise<void>((resolve, reject) => {
        this.video.addEventListener('loadeddata', () => resolve(), { once: true });
        this.video.addEventListener('error', () => reject(new Error(this.video.error?.message ?? 'decode failed')), { once: true });
      });
      return null;
    });
  }

  startImage(file: File): Promise<void> {
    const fail = () => `“${file.name}” could not be opened as a picture. Try a JPEG, PNG or WebP file.`;
    return this.open('image', file.name, fail, async () => {
      const bitmap = await createImageBitmap(file);
      this.still = bitmap;
      // A still picture becomes a steady video through a canvas stream, so it flows like any other source.
      const canvas = document.createElement('canvas');
      canvas.width = bitmap.width;
      canvas.height = bitmap.height;
      const context = canvas.getContext('2d');
      if (!context) throw new Error('2D canvas is not available');
      const paint = () => context.drawImage(bitmap, 0, 0);
      paint();
      this.stillTimer = setInterval(paint, 1000 / STILL_FRAME_RATE);
      return canvas.captureStream(STILL_FRAME_RATE);
    });
  }

  stop(): void {
    const wasLive = this.state === 'live';
    this.startToken++;
    this.release();
    this.setState('off', '');
    if (wasLive) this.onStopped?.();
  }

  private async open(
    kind: SourceKind,
    label: string,
    describe: (error: unknown) => string,
    acquire: () => Promise<MediaStream | null>,
  ): Promise<void> {
    const token = ++this.startToken;
    const wasLive = this.state === 'live';
    this.release();
    this.kind = kind;
    this.label = label;
    this.setState('starting', '');
    try {
      const stream = await acquire();
      if (token !== this.startToken) {
        stream?.getTracks().forEach((track) => track.stop());
        return;
      }
      if (stream) {
        this.stream = stream;
        for (const track of stream.getTracks()) track.addEventListener('ended', this.onTrackEnded);
        this.video.srcObject = stream;
      }
      if (kind === 'camera') this.deviceId = stream?.getVideoTracks()[0]?.getSettings().deviceId ?? '';
      await this.video.play();
      this.setState('live', '');
      this.requestNextFrame();
      if (kind === 'camera') await this.refreshDevices();
    } catch (error) {
      if (token !== this.startToken) return;
      this.release();
      this.setState('error', describe(error));
      if (wasLive) this.onStopped?.();
    }
  }

  private readonly onTrackEnded = (event: Event) => {
    // A shared screen's audio ending alone changes nothing; losing the picture ends the source.
    if ((event.target as MediaStreamTrack).kind !== 'video') return;
    const kind = this.kind;
    this.release();
    if (kind === 'screen') this.setState('off', '');
    else this.setState('error', 'The camera stopped sending video (was it unplugged?). Press "Start camera" to try again.');
    this.onStopped?.();
  };

  private readonly refreshDevices = async () => {
    try {
      const all = await navigator.mediaDevices.enumerateDevices();
      this.devices = all.filter((device) => device.kind === 'videoinput');
      this.host.requestUpdate();
    } catch {
      // The picker just stays as it was.
    }
  };

  private requestNextFrame(): void {
    this.frameCallback = this.video.requestVideoFrameCallback(() => {
      this.frameCallback = null;
      void this.capture();
      if (this.state === 'live') this.requestNextFrame();
    });
  }

  private async capture(): Promise<void> {
    const handler = this.onFrame;
    if (!handler || this.video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return;
    // VideoFrame wraps the decoder's buffer without a copy; ImageBitmap is the fallback where it is missing.
    const frame: CameraFrame =
      typeof VideoFrame === 'function' ? new VideoFrame(this.video, { timestamp: performance.now() * 1000 }) : await createImageBitmap(this.video);
    if (this.onFrame === handler && this.state === 'live') handler(frame);
    else frame.close();
  }

  private release(): void {
    if (this.frameCallback !== null) this.video.cancelVideoFrameCallback(this.frameCallback);
    this.frameCallback = null;
    if (this.stillTimer !== null) clearInterval(this.stillTimer);
    this.stillTimer = null;
    this.still?.close();
    this.still = null;
    if (this.stream) {
      for (const track of this.stream.getTracks()) {
        track.removeEventListener('ended', this.onTrackEnded);
        track.stop();
      }
    }
    this.stream = null;
    this.video.pause();
    this.video.srcObject = null;
    this.video.removeAttribute('src');
    this.video.loop = false;
    if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
    this.objectUrl = null;
  }

  private setState(state: SourceState, error: string): void {
    this.state = state;
    this.error = error;
    this.host.requestUpdate();
  }
}
