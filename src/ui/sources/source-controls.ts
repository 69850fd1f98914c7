import { html, nothing } from 'lit';
import { CAPTURE_HEIGHTS, type SourceController, type SourceKind } from './source-controller';

const SOURCE_LABELS: Record<SourceKind, string> = { camera: 'Camera', screen: 'Screen or window', file: 'Video file', image: 'Picture' };
/** The main button's words for each source: [start, stop]. */
export const SOURCE_ACTIONS: Record<SourceKind, [string, string]> = {
  camera: ['Start camera', 'Stop camera'],
  screen: ['Share screen', 'Stop sharing'],
  file: ['Open video file', 'Stop video'],
  image: ['Open picture', 'Stop picture'],
};

export interface SourceControlActions {
  toggle(): void;
  choose(kind: SourceKind): void;
  fileChosen(kind: 'file' | 'image', event: Event): void;
}

/** Source picker, its start/stop button, the camera and capture-size pickers, and the hidden file inputs. */
export function renderSourceControls(source: SourceController, actions: SourceControlActions) {
  const [startLabel, stopLabel] = SOURCE_ACTIONS[source.kind];
  return html`
    <div class="row">
      <label>Source
        <select aria-label="Source" .value=${source.kind} @change=${(e: Event) => actions.choose((e.target as HTMLSelectElement).value as SourceKind)}>
          ${(Object.keys(SOURCE_LABELS) as SourceKind[]).map((kind) => html`<option value=${kind} ?selected=${kind === source.kind}>${SOURCE_LABELS[kind]}</option>`)}
        </select>
      </label>
      <button class="primary" @click=${() => actions.toggle()}>${source.busy ? stopLabel : startLabel}</button>
    </div>
    <input id="source-video" class="visually-hidden" type="file" accept="video/*" aria-label="Video file to stylize" tabindex="-1" @change=${(e: Event) => actions.fileChosen('file', e)} />
    <input id="source-picture" class="visually-hidden" type="file" accept="image/*" aria-label="Picture to stylize" tabindex="-1" @change=${(e: Event) => actions.fileChosen('image', e)} />
    ${source.kind === 'camera'
      ? html`<div class="row">
          <select aria-label="Camera" ?disabled=${source.devices.length < 2} @change=${(e: Event) => void source.startCamera((e.target as HTMLSelectElement).value)}>
            ${source.devices.length === 0 ? html`<option value="">Default camera</option>` : nothing}
            ${source.devices.map(
              (device, index) => html`<option value=${device.deviceId} ?selected=${device.deviceId === source.deviceId}>${device.label || `Camera ${index + 1}`}</option>`,
            )}
          </select>
          <select aria-label="Capture resolution"
            @change=${(e: Event) => {
              source.captureHeight = Number((e.target as HTMLSelectElement).value);
              if (source.live) void source.startCamera();
            }}>
            ${CAPTURE_HEIGHTS.map((height) => html`<option value=${height} ?selected=${height === source.captureHeight}>${height}p</option>`)}
          </select>
        </div>`
      : nothing}
    ${source.label && source.live ? html`<p class="hint">Playing “${source.label}”${source.kind === 'file' ? ' on a loop' : ''}.</p>` : nothing}
  `;
}
