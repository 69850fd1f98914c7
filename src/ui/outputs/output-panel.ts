import { html, nothing } from 'lit';
import { CanvasPictureInPicture } from './picture-in-picture';
import type { AudioChoice } from './recorder-controller';
import { formatBytes, formatElapsed } from './recording-formats';
import type { OutputController } from './output-controller';

interface OutputPanelState {
  /** A stylized frame is on the canvas, so there is something to capture. */
  ready: boolean;
  /** The source is live too, so a recording would hold moving pictures. */
  live: boolean;
  fullscreen: boolean;
  onFullscreen: () => void;
}

const AUDIO_LABELS: Record<AudioChoice, string> = { none: 'No sound', microphone: 'Microphone', source: 'Sound of the source' };

/** Record, snapshot, picture-in-picture, pop-out and fullscreen, with the recordings made so far. */
export function renderOutputPanel(output: OutputController, state: OutputPanelState) {
  const recorder = output.recorder;
  const recording = recorder.recording;
  const canRecord = state.ready && state.live && output.format !== null && recorder.state !== 'saving';
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
        <label>Sound
          <select aria-label="Recording sound" ?disabled=${recording} @change=${(e: Event) => (output.audio = (e.target as HTMLSelectElement).value as AudioChoice)}>
            ${(Object.keys(AUDIO_LABELS) as AudioChoice[]).map((choice) => html`<option value=${choice} ?selected=${choice === output.audio}>${AUDIO_LABELS[choice]}</option>`)}
          </select>
        </label>
      </div>
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
