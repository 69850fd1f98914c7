import { html, nothing } from 'lit';
import { CanvasPictureInPicture } from './picture-in-picture';
import type { AudioChoice } from './recorder-controller';
import { formatBytes, formatElapsed } from './recording-formats';
import type { OutputController, RecordMode } from './output-controller';

interface OutputPanelState {
  /** A stylized frame is on the canvas, so there is something to capture. */
  ready: boolean;
  /** The source is live too, so a recording would hold moving pictures. */
  live: boolean;
  fullscreen: boolean;
  onFullscreen: () => void;
  /** Live stylized frames per second, and the source's own rate (null when unknown). */
  liveFps: number | null;
  sourceFps: number | null;
}

/** Live stylization holds less than this share of the source's frame rate: recording the source and rendering after is suggested. */
const SLOW_LIVE_SHARE = 0.8;

/** One sentence on why to record the source and render after, where live stylization cannot keep up; null where it can. */
export function renderAfterSuggestion(liveFps: number | null, sourceFps: number | null): string | null {
  if (liveFps === null || sourceFps === null || liveFps <= 0 || liveFps >= sourceFps * SLOW_LIVE_SHARE) return null;
  return `Live stylization makes ${Math.round(liveFps)} fps here, below the source's ${Math.round(sourceFps)}: Every frame (render after) records the source at its full rate and stylizes every frame when you stop.`;
}

const AUDIO_LABELS: Record<AudioChoice, string> = { none: 'No sound', microphone: 'Microphone', source: 'Sound of the source' };

/** Record, snapshot, picture-in-picture, pop-out and fullscreen, with the recordings made so far. */
export function renderOutputPanel(output: OutputController, state: OutputPanelState) {
  const recorder = output.recorder;
  const recording = recorder.recording;
  const canRecord = state.ready && state.live && output.format !== null && recorder.state !== 'saving';
  const suggestion = renderAfterSuggestion(state.liveFps, state.sourceFps);
  return html`
    <fieldset class="outputs">
      <legend>Output</legend>
      <div class="row">
        <button class=${recording ? 'recording' : ''} ?disabled=${!canRecord && !recording} @click=${() => void output.toggleRecording()}>
          ${recording ? 'Stop recording' : 'Record'}
        </button>
        <button ?disabled=${!state.ready} @click=${() => void output.snapshot()}>Snapshot</button>
        <button aria-pressed=${output.pip.active ? 'true' : 'false'} ?disabled=${!state.ready || !CanvasPictureInPicture.supported}
          @click=${() => void output.togglePictureInPicture()}>Picture in picture</button>
        <button aria-pressed=${output.popOut.open ? 'true' : 'false'} ?disabled=${!state.ready && !output.popOut.open}
          title="A window with only the stylized video, to share in a call or capture in streaming software"
          @click=${() => void output.togglePopOut()}>Pop out</button>
        <button aria-pressed=${state.fullscreen ? 'true' : 'false'} @click=${state.onFullscreen}>Fullscreen</button>
      </div>
      <div class="row">
        <label>Format
          <select aria-label="Recording format" ?disabled=${recording || output.recorder.formats.length < 2}
            @change=${(e: Event) => (output.format = output.recorder.formats[Number((e.target as HTMLSelectElement).value)] ?? output.format)}>
            ${output.recorder.formats.length === 0 ? html`<option>Not supported here</option>` : nothing}
            ${output.recorder.formats.map((format, index) => html`<option value=${index} ?selected=${format === output.format}>${format.label}</option>`)}
          </select>
        </label>
        <label>Record
          <select aria-label="What to record" ?disabled=${recording} @change=${(e: Event) => output.setMode((e.target as HTMLSelectElement).value as RecordMode)}>
            <option value="live" ?selected=${output.mode === 'live'}>Stylized video (live)</option>
            <option value="render-after" ?selected=${output.mode === 'render-after'}>Every frame (render after)${suggestion ? ' (suggested)' : ''}</option>
          </select>
        </label>
        <label>Sound
          <select aria-label="Recording sound" ?disabled=${recording} @change=${(e: Event) => (output.audio = (e.target as HTMLSelectElement).value as AudioChoice)}>
            ${(Object.keys(AUDIO_LABELS) as AudioChoice[]).map((choice) => html`<option value=${choice} ?selected=${choice === output.audio}>${AUDIO_LABELS[choice]}</option>`)}
          </select>
        </label>
      </div>
      ${suggestion && output.mode === 'live' && !recording ? html`<p class="hint">${suggestion}</p>` : nothing}
      ${recording || recorder.state === 'saving'
        ? html`<p class="recording-status"><span class="dot" aria-hidden="true"></span>${recorder.state === 'saving' ? 'Saving' : 'Recording'} ${formatElapsed(recorder.elapsedMs)} · ${formatBytes(recorder.bytes)}</p>`
        : nothing}
      <p class="style-message ${output.message?.tone === 'error' || recorder.message ? 'error' : ''}" aria-live="polite">${recorder.message || output.message?.text || ''}</p>
      ${recorder.recordings.length > 0
        ? html`<ul class="recordings" aria-label="Recordings">
            ${recorder.recordings.map(
              (item) => html`<li><a href=${item.url} download=${item.name}>${item.name}</a> · ${formatElapsed(item.durationMs)} · ${formatBytes(item.bytes)}</li>`,
            )}
          </ul>`
        : nothing}
    </fieldset>
  `;
}
