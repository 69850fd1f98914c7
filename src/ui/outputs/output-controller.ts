import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { describeError } from '../../shared/errors';
import { CanvasPictureInPicture } from './picture-in-picture';
import { PopOutWindow, type PopOutSize } from './pop-out-window';
import { RecorderController, type AudioChoice, type Recording } from './recorder-controller';
import type { RecordingFormat } from './recording-formats';
import { timestampedName } from './recording-formats';
import { saveFile } from '../common/save-file';

interface OutputDeps {
  /** The stylized <canvas> on the page now (a new one after each worker restart). */
  canvas(): HTMLCanvasElement | null;
  /** The worker's current frame as PNG. */
  snapshot(): Promise<Blob>;
  sourceAudio(): MediaStreamTrack[];
  /** The source's own picture as a track the recorder may stop (see SourceController.videoTrack). */
  sourceVideo(): MediaStreamTrack | null;
  /** A recording of the source has ended (`from`–`to`, page time): render every frame of it. */
  renderAfter(recording: Recording, from: number, to: number): void;
  frameRate(): number;
  /** The stylized picture's size, for the pop-out window. */
  pictureSize(): PopOutSize;
}

/**
 * The stylized picture's size: the canvas follows the worker's output once it has drawn (`drawn`);
 * before that, the source's size, or 640×480 before the source has one.
 */
export function stylizedPictureSize(canvas: HTMLCanvasElement | null, drawn: boolean, video: HTMLVideoElement): PopOutSize {
  if (canvas && canvas.width > 0 && canvas.height > 0 && drawn) return { width: canvas.width, height: canvas.height };
  return video.videoWidth > 0 ? { width: video.videoWidth, height: video.videoHeight } : { width: 640, height: 480 };
}

/** What Record captures: the stylized video as it is drawn, or the source at its full rate, stylized after. */
export type RecordMode = 'live' | 'render-after';

interface OutputMessage {
  text: string;
  tone: 'info' | 'error';
}

/** What leaves the stylized view: recordings, snapshots, the picture-in-picture and pop-out windows. */
export class OutputController implements ReactiveController {
  readonly recorder: RecorderController;
  readonly pip: CanvasPictureInPicture;
  readonly popOut: PopOutWindow;
  format: RecordingFormat | null;
  audio: AudioChoice = 'none';
  mode: RecordMode = 'live';
  message: OutputMessage | null = null;
  /** When the running recording of the source began (page time); null for a live recording. */
  private sourceRecordingFrom: number | null = null;
  /** The last snapshot's blob URL, kept until the next one so its download can finish. */
  private lastSnapshotUrl: string | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: OutputDeps,
  ) {
    this.recorder = new RecorderController(host);
    this.format = this.recorder.formats[0] ?? null;
    this.pip = new CanvasPictureInPicture(() => host.requestUpdate());
    this.popOut = new PopOutWindow(() => host.requestUpdate());
    host.addController(this);
  }

  hostDisconnected(): void {
    void this.pip.close();
    this.popOut.close();
    this.replaceSnapshotUrl(null);
  }

  setMode(mode: RecordMode): void {
    if (this.recorder.recording) return;
    this.mode = mode;
    this.host.requestUpdate();
  }

  async toggleRecording(): Promise<void> {
    if (this.recorder.recording) {
      await this.stopRecording('');
      return;
    }
    if (!this.format) return;
    const request = { format: this.format, audio: this.audio, sourceAudio: this.deps.sourceAudio() };
    if (this.mode === 'render-after') {
      const video = this.deps.sourceVideo();
      if (!video) return this.say('There is no source to record: start the camera or another source first.', 'error');
      this.sourceRecordingFrom = performance.now();
      await this.recorder.start({ ...request, video, prefix: 'source' });
      if (!this.recorder.recording) this.sourceRecordingFrom = null;
    } else {
      const video = this.deps.canvas()?.captureStream(this.deps.frameRate()).getVideoTracks()[0];
      if (!video) return;
      await this.recorder.start({ ...request, video, prefix: 'stylized' });
    }
    this.host.requestUpdate();
  }

  /**
   * Ends a recording. A live one's file is offered at once; a recording of the source is listed
   * (nothing lost) and rendered, every frame, with the looks that were on at each moment.
   */
  async stopRecording(reason: string): Promise<void> {
    const from = this.sourceRecordingFrom;
    const to = performance.now();
    this.sourceRecordingFrom = null;
    const recording = await this.recorder.stop(reason);
    if (!recording) return;
    if (from === null) saveFile(recording.url, recording.name);
    else this.deps.renderAfter(recording, from, to);
  }

  async snapshot(): Promise<void> {
    try {
      const blob = await this.deps.snapshot();
      const url = URL.createObjectURL(blob);
      this.replaceSnapshotUrl(url);
      saveFile(url, timestampedName('stylized', 'png', new Date()));
      this.say(await this.copyToClipboard(blob) ? 'Snapshot saved and copied to the clipboard.' : 'Snapshot saved.', 'info');
    } catch (error) {
      this.say(`No snapshot: ${describeError(error)}`, 'error');
    }
  }

  async togglePictureInPicture(): Promise<void> {
    try {
      if (this.pip.active) {
        await this.pip.close();
        return;
      }
      const canvas = this.deps.canvas();
      if (!canvas) return;
      await this.pip.open(canvas, this.deps.frameRate());
    } catch (error) {
      this.say(`Picture-in-picture is not available here: ${describeError(error)}`, 'error');
    }
  }

  /** Opens the pop-out window, or closes it when open. Runs in the person's click or key press. */
  async togglePopOut(): Promise<void> {
    if (this.popOut.open) {
      this.popOut.close();
      return;
    }
    const canvas = this.deps.canvas();
    if (!canvas) return;
    try {
      await this.popOut.show(canvas, this.deps.pictureSize());
      this.say(`The stylized video is in its own ${this.popOut.kind}: share that window in a call, or capture it in streaming software.`, 'info');
    } catch (error) {
      this.say(`No pop-out window: ${describeError(error)}`, 'error');
    }
  }

  /** A restarted worker's canvas: the pop-out window stays open and shows it. */
  canvasAttached(): void {
    const canvas = this.deps.canvas();
    if (canvas) this.popOut.follow(canvas);
  }

  /** A new worker brings a new canvas: what captured the old one ends, and the recording is kept. */
  async canvasReplaced(): Promise<void> {
    if (this.recorder.recording) await this.stopRecording('The recording stopped because the stylizer restarted; what was recorded is saved below.');
    if (this.pip.active) await this.pip.close();
  }

  private replaceSnapshotUrl(url: string | null): void {
    if (this.lastSnapshotUrl) URL.revokeObjectURL(this.lastSnapshotUrl);
    this.lastSnapshotUrl = url;
  }

  private async copyToClipboard(blob: Blob): Promise<boolean> {
    try {
      if (!navigator.clipboard?.write || typeof ClipboardItem !== 'function') return false;
      await navigator.clipboard.write([new ClipboardItem({ [blob.type]: blob })]);
      return true;
    } catch {
      // Not focused, or the browser refuses: the download still happened.
      return false;
    }
  }

  say(text: string, tone: OutputMessage['tone']): void {
    this.message = { text, tone };
    this.host.requestUpdate();
  }
}
