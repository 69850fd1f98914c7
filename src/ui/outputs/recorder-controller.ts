import fixWebmDuration from 'fix-webm-duration';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { describeError } from '../../shared/errors';
import { supportedRecordingFormats, timestampedName, type RecordingFormat } from './recording-formats';

export type AudioChoice = 'none' | 'microphone' | 'source';
type RecorderState = 'idle' | 'starting' | 'recording' | 'saving';

export interface Recording {
  /** The file itself, for Render video after a recording of the source. */
  blob: Blob;
  url: string;
  name: string;
  bytes: number;
  durationMs: number;
}

interface RecordingRequest {
  /** The picture to record: the stylized canvas's captured track, or the source's own. The recorder stops it at the end. */
  video: MediaStreamTrack;
  /** The file name's start: "stylized", or "source" for the source's own picture. */
  prefix: string;
  format: RecordingFormat;
  audio: AudioChoice;
  /** The source's own sound, used when `audio` is 'source'. */
  sourceAudio: MediaStreamTrack[];
}

const TICK_MS = 250;
/** MediaRecorder hands data over this often, so the size shown grows while recording. */
const TIMESLICE_MS = 1000;

/**
 * Records the stylized canvas, or the source's own picture (to render every frame after), plus a
 * microphone or the source's sound, with MediaRecorder.
 * The stylizer never waits for it: the browser captures the canvas as the worker draws it.
 * Finished recordings stay listed (as blob URLs) until the page closes, so none is lost if a
 * download is blocked.
 */
export class RecorderController implements ReactiveController {
  state: RecorderState = 'idle';
  elapsedMs = 0;
  bytes = 0;
  message = '';
  readonly recordings: Recording[] = [];
  readonly formats: RecordingFormat[];
  private recorder: MediaRecorder | null = null;
  private chunks: Blob[] = [];
  private ownTracks: MediaStreamTrack[] = [];
  private startedAt = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private format: RecordingFormat | null = null;
  private prefix = 'stylized';
  private finished: Promise<Recording | null> | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    this.formats = typeof MediaRecorder === 'function' ? supportedRecordingFormats((type) => MediaRecorder.isTypeSupported(type)) : [];
    host.addController(this);
  }

  hostDisconnected(): void {
    void this.stop();
  }

  get recording(): boolean {
    return this.state === 'recording' || this.state === 'starting';
  }

  async start(request: RecordingRequest): Promise<void> {
    if (this.state !== 'idle') return;
    this.setState('starting', '');
    const tracks: MediaStreamTrack[] = [request.video];
    this.ownTracks = [request.video];
    this.prefix = request.prefix;
    let note = '';
    if (request.audio === 'microphone') {
      try {
        const mic = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
        tracks.push(...mic.getAudioTracks());
        this.ownTracks.push(...mic.getAudioTracks());
      } catch {
        note = 'Recording without sound: the microphone could not be used.';
      }
    } else if (request.audio === 'source') {
      const live = request.sourceAudio.filter((track) => track.readyState === 'live');
      if (live.length === 0) note = 'Recording without sound: this source has none.';
      tracks.push(...live);
    }
    const withAudio = tracks.some((track) => track.kind === 'audio');
    try {
      const recorder = new MediaRecorder(new MediaStream(tracks), { mimeType: withAudio ? request.format.withAudio : request.format.videoOnly });
      this.recorder = recorder;
      this.format = request.format;
      this.chunks = [];
      this.bytes = 0;
      recorder.addEventListener('dataavailable', (event) => {
        if (event.data.size === 0) return;
        this.chunks.push(event.data);
        this.bytes += event.data.size;
      });
      this.finished = new Promise((resolve) => recorder.addEventListener('stop', () => void this.finish().then(resolve), { once: true }));
      recorder.addEventListener('error', () => void this.stop('The recording stopped because of an error; what was recorded is kept.'));
      recorder.start(TIMESLICE_MS);
      this.startedAt = performance.now();
      this.elapsedMs = 0;
      this.timer = setInterval(() => {
        this.elapsedMs = performance.now() - this.startedAt;
        this.host.requestUpdate();
      }, TICK_MS);
      this.setState('recording', note);
    } catch (error) {
      this.releaseTracks();
      this.setState('idle', `Recording could not start: ${describeError(error)}`);
    }
  }

  /** Stops and keeps the file. `reason` says why when the person did not ask for it. */
  async stop(reason = ''): Promise<Recording | null> {
    if (this.state === 'saving') return this.finished;
    if (!this.recorder || this.recorder.state === 'inactive') return null;
    this.elapsedMs = performance.now() - this.startedAt;
    this.setState('saving', reason);
    this.recorder.stop();
    return this.finished;
  }

  private async finish(): Promise<Recording | null> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.releaseTracks();
    const format = this.format!;
    const durationMs = this.elapsedMs;
    let blob = new Blob(this.chunks, { type: this.recorder?.mimeType || format.videoOnly });
    this.chunks = [];
    this.recorder = null;
    // Chromium writes WebM without its duration, so players could not seek; this adds it.
    if (format.extension === 'webm') blob = await fixWebmDuration(blob, durationMs, { logger: false });
    const recording: Recording = { blob, url: URL.createObjectURL(blob), name: timestampedName(this.prefix, format.extension, new Date()), bytes: blob.size, durationMs };
    this.recordings.unshift(recording);
    this.bytes = blob.size;
    this.setState('idle', this.message);
    return recording;
  }

  private releaseTracks(): void {
    // Only what this controller opened: the source's own audio tracks belong to the source.
    for (const track of this.ownTracks) track.stop();
    this.ownTracks = [];
  }

  private setState(state: RecorderState, message: string): void {
    this.state = state;
    this.message = message;
    this.host.requestUpdate();
  }
}
