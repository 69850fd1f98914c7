import { html } from 'lit';
import { OUTPUT_SHORT_SIDES, type ProcessingSettings } from '../../shared/protocol';

type Change = (change: Partial<ProcessingSettings>, send?: boolean) => void;

const checked = (event: Event) => (event.target as HTMLInputElement).checked;
const numberOf = (event: Event) => Number((event.target as HTMLInputElement | HTMLSelectElement).value);

/** Picture quality: flicker, colours, detail and the output's resolution; each takes effect on the next frame. */
export function renderQualityControls(settings: ProcessingSettings, change: Change) {
  const { reduceFlicker, keepColours, detail, maxOutputShortSide } = settings;
  const detailPercent = Math.round(detail * 100);
  return html`
    <fieldset class="quality">
      <legend>Picture</legend>
      <label title="Where the camera picture stands still, keep the brush strokes from frame to frame; where it moves, draw them anew">
        <input type="checkbox" .checked=${reduceFlicker} @change=${(e: Event) => change({ reduceFlicker: checked(e) })} />
        Reduce flicker
      </label>
      <label title="The style's brush work in the camera's own colours">
        <input type="checkbox" .checked=${keepColours} @change=${(e: Event) => change({ keepColours: checked(e) })} />
        Keep original colours
      </label>
      <label title="How much of the camera's fine detail is added back when the stylized frame is brought up to the output resolution">
        Detail
        <input type="range" aria-label="Detail" min="0" max="100" step="5" .value=${String(detailPercent)}
          @change=${(e: Event) => change({ detail: numberOf(e) / 100 })}
          @input=${(e: Event) => change({ detail: numberOf(e) / 100 }, false)} />
        <span aria-hidden="true">${detailPercent}%</span>
      </label>
      <label>
        Output resolution
        <select aria-label="Output resolution" @change=${(e: Event) => change({ maxOutputShortSide: numberOf(e) })}>
          ${OUTPUT_SHORT_SIDES.map(
            (side, index) => html`<option value=${side} ?selected=${side === maxOutputShortSide}>${index === 0 ? `Camera's (up to ${side}p)` : `Up to ${side}p`}</option>`,
          )}
        </select>
      </label>
    </fieldset>
  `;
}
