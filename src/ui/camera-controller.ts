import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CameraFrame } from '../shared/protocol';
import { messageForCameraError } from './messages';

export type CameraState = 'off' | 'starting' | 'live' | 'error';

/**
 * Owns the camera: the MediaStream, the <video> that plays it, the device list and the per-frame
 * capture loop. Everything it opened is stopped in hostDisconnected.
 */
export class CameraController implements ReactiveController {
  readonly video: HTMLVideoElement = document.createElement('video');
  state: CameraState = 'off';
  error = '';
  devices: MediaDeviceInfo[] = [];
  deviceId = '';
  private stream: MediaStream | null = null;
  private frameCallback: number | null = null;
  private startToken = 0;

  /** Called with each new camera frame; the callee owns (and must close or transfer) it. */
  onFrame: ((frame: CameraFrame) => void) | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    this.video.muted = true;
    this.video.playsInline = true;
    this.video.setAttribute('aria-label', 'Original camera video');
    host.addController(this);
  }

  hostConnected(): void {
    navigator.mediaDevices?.addEventListener?.('devicechange', this.refreshDevices);
  }

  hostDisconnected(): void {
    navigator.mediaDevices?.removeEventListener?.('devicechange', this.refreshDevices);
    this.stop();
  }

  async start(deviceId = this.deviceId): Promise<void> {
    const token = ++this.startToken;
    this.release();
    this.setState('starting', '');
    try {
      if (!navigator.mediaDevices?.getUserMedia) throw new TypeError('getUserMedia is not available');
      const stream = await navigator.mediaDevices.getUserMedia({
        video: deviceId ? { deviceId: { exact: deviceId } } : { width: { ideal: 640 }, height: { ideal: 480 } },
        audio: false,
      });
      if (token !== this.startToken) {
        stream.getTracks().forEach((track) => track.stop());
        return;
      }
      this.stream = stream;
      const track = stream.getVideoTracks()[0];
      this.deviceId = track?.getSettings().deviceId ?? deviceId;
      track?.addEventListener('ended', this.onTrackEnded);
      this.video.srcObject = stream;
      await this.video.play();
      this.setState('live', '');
      this.requestNextFrame();
      await this.refreshDevices();
    } catch (error) {
      if (token !== this.startToken) return;
      this.release();
      this.setState('error', messageForCameraError(error));
    }
  }

  stop(): void {
    this.startToken++;
    this.release();
    this.setState('off', '');
  }

  private readonly onTrackEnded = () => {
    this.release();
    this.setState('error', 'The camera stopped sending video (was it unplugged?). Press "Start camera" to try again.');
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
      if (this.stream) this.requestNextFrame();
    });
  }

  private async capture(): Promise<void> {
    const handler = this.onFrame;
    if (!handler || this.video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return;
    // VideoFrame wraps the decoder's buffer without a copy; ImageBitmap is the fallback where it is missing.
    const frame: CameraFrame =
      typeof VideoFrame === 'function' ? new VideoFrame(this.video, { timestamp: performance.now() * 1000 }) : await createImageBitmap(this.video);
    if (this.onFrame === handler && this.stream) handler(frame);
    else frame.close();
  }

  private release(): void {
    if (this.frameCallback !== null) this.video.cancelVideoFrameCallback(this.frameCallback);
    this.frameCallback = null;
    if (this.stream) {
      for (const track of this.stream.getTracks()) {
        track.removeEventListener('ended', this.onTrackEnded);
        track.stop();
      }
    }
    this.stream = null;
    this.video.srcObject = null;
  }

  private setState(state: CameraState, error: string): void {
    this.state = state;
    this.error = error;
    this.host.requestUpdate();
  }
}
