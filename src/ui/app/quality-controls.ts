import { html, nothing } from 'lit';
import { OUTPUT_SHORT_SIDES, STYLIZE_REGION_LABELS, STYLIZE_REGIONS, type PersonMaskReport, type ProcessingSettings, type StylizeRegion } from '../../shared/protocol';

type Change = (change: Partial<ProcessingSettings>, send?: boolean) => void;

const checked = (event: Event) => (event.target as HTMLInputElement).checked;
const numberOf = (event: Event) => Number((event.target as HTMLInputElement | HTMLSelectElement).value);

/** The region after `region` in the Stylize select, wrapping round (the B key). */
export function nextStylizeRegion(region: StylizeRegion): StylizeRegion {
  return STYLIZE_REGIONS[(STYLIZE_REGIONS.indexOf(region) + 1) % STYLIZE_REGIONS.length]!;
}

/** What the Stylize select says under it: the network loading, or why it cannot be used. */
function personMaskHint(personMask: PersonMaskReport | null, region: StylizeRegion) {
  if (personMask?.state === 'failed') return html`<span class="hint" role="note">Person segmentation is unavailable, so the whole frame is stylized: ${personMask.reason}</span>`;
  if (personMask?.state === 'loading' && region !== 'everything') return html`<span class="hint">Loading the person segmentation…</span>`;
  return nothing;
}

/** Picture quality: the stylized region, flicker, colours, detail and the output's resolution; each takes effect on the next frame. */
export function renderQualityControls(settings: ProcessingSettings, change: Change, personMask: PersonMaskReport | null) {
  const { reduceFlicker, keepColours, detail, maxOutputShortSide, stylize } = settings;
  const detailPercent = Math.round(detail * 100);
  return html`
    <fieldset class="quality">
      <legend>Picture</legend>
      <label title="Stylize the whole frame, only the people in it, or only what is behind them (B cycles)">
        Stylize
        <select aria-label="Stylize" ?disabled=${personMask?.state === 'failed'} @change=${(e: Event) => change({ stylize: (e.target as HTMLSelectElement).value as StylizeRegion })}>
          ${STYLIZE_REGIONS.map((region) => html`<option value=${region} .selected=${region === stylize}>${STYLIZE_REGION_LABELS[region]}</option>`)}
        </select>
        ${personMaskHint(personMask, stylize)}
      </label>
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
