import { html, nothing } from 'lit';
import { STILL_FORMATS, type StillFormat } from '../../shared/stills-protocol';
import type { StillsController } from './stills-controller';

export interface StillsPanelState {
  /** A source is live, so its current frame can be stylized. */
  live: boolean;
  /** The networks are loaded and a style is on. */
  ready: boolean;
  video: HTMLVideoElement;
}

/** Photo mode: pick a photo, stylize it at full resolution (progress, Cancel), preview and download. */
export function renderStillsPanel(stills: StillsController, state: StillsPanelState) {
  const working = stills.phase === 'working';
  const { done, total } = stills.progress;
  return html`
    <fieldset class="stills">
      <legend>Photo</legend>
      <label>
        Photo to stylize
        <input type="file" accept="image/*" aria-label="Photo to stylize" ?disabled=${working}
          @change=${(e: Event) => stills.choose((e.target as HTMLInputElement).files?.[0] ?? null)} />
      </label>
      <div class="row">
        <button ?disabled=${!state.ready || working || !stills.chosen} @click=${() => void stills.stylizeChosen()}>Stylize photo</button>
        <button ?disabled=${!state.ready || working || !state.live} @click=${() => void stills.stylizeFrame(state.video)}
          title="The source's current frame at its own resolution">Stylize a snapshot at full resolution</button>
        ${working ? html`<button @click=${() => void stills.cancel()}>Cancel</button>` : nothing}
      </div>
      ${working ? html`<progress aria-label="Stylizing the photo" max=${total} .value=${done}></progress>` : nothing}
      <p class="style-message ${stills.message?.tone ?? ''}" aria-live="polite">${stills.message?.text ?? ''}</p>
      ${stills.previewUrl && stills.result
        ? html`<img class="still-preview" src=${stills.previewUrl} alt="Stylized photo, ${stills.result.width}×${stills.result.height}" />
            <div class="row">
              <label>Format
                <select aria-label="Photo format" @change=${(e: Event) => (stills.format = (e.target as HTMLSelectElement).value as StillFormat)}>
                  ${STILL_FORMATS.map((format) => html`<option value=${format.type} ?selected=${format.type === stills.format}>${format.label}</option>`)}
                </select>
              </label>
              <button ?disabled=${working} @click=${() => void stills.download()}>Download</button>
            </div>`
        : nothing}
    </fieldset>
  `;
}
