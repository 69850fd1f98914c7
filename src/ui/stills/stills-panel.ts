import { html, nothing } from 'lit';
import { MAX_REFINE_ITERATIONS, REFINE_LAYERS, REFINE_SIZES, STILL_FORMATS, type StillFormat } from '../../shared/stills-protocol';
import type { StillsController } from './stills-controller';

const numberOf = (event: Event) => Number((event.target as HTMLInputElement | HTMLSelectElement).value);

/** The total loss per step as a line (log scale: it falls by orders of magnitude), with its figures in the name. */
function renderLossCurve(curve: readonly number[]) {
  if (curve.length < 2) return nothing;
  const logs = curve.map((value) => Math.log10(Math.max(1e-9, value)));
  const [low, high] = [Math.min(...logs), Math.max(...logs)];
  const points = logs.map((value, i) => `${((i / (logs.length - 1)) * 200).toFixed(1)},${(58 - ((value - low) / Math.max(1e-9, high - low)) * 56).toFixed(1)}`).join(' ');
  const name = `Loss curve: total loss from ${curve[0]!.toPrecision(3)} to ${curve.at(-1)!.toPrecision(3)} over ${curve.length} steps`;
  return html`<svg class="loss-curve" role="img" aria-label=${name} viewBox="0 0 200 60" preserveAspectRatio="none">
    <polyline points=${points} fill="none" stroke="currentColor" stroke-width="1.5" vector-effect="non-scaling-stroke"></polyline>
  </svg>`;
}

/** Refine: the optimisation's size, steps, weights and style layers, and its button. */
function renderRefineControls(stills: StillsController, working: boolean) {
  const settings = stills.refineSettings;
  return html`
    <fieldset class="refine">
      <legend>Refine (optimisation)</legend>
      <p class="hint">Improves the result by gradient descent on its pixels, measured by the style network: slower, closer to the style.</p>
      <label>Refine size
        <select aria-label="Refine size" ?disabled=${working} @change=${(e: Event) => stills.setRefine({ size: numberOf(e) })}>
          ${REFINE_SIZES.map((size) => html`<option value=${size} ?selected=${size === settings.size}>${size} px</option>`)}
        </select>
      </label>
      <label>Iterations
        <input type="range" aria-label="Iterations" min="10" max=${MAX_REFINE_ITERATIONS} step="10" .value=${String(settings.iterations)} ?disabled=${working}
          @input=${(e: Event) => stills.setRefine({ iterations: numberOf(e) })} />
        <span aria-hidden="true">${settings.iterations}</span>
      </label>
      <label>Content weight
        <input type="range" aria-label="Content weight" min="0" max="10" step="0.5" .value=${String(settings.contentWeight)} ?disabled=${working}
          @input=${(e: Event) => stills.setRefine({ contentWeight: numberOf(e) })} />
        <span aria-hidden="true">${settings.contentWeight}</span>
      </label>
      <label>Style weight
        <input type="range" aria-label="Style weight" min="0" max="1000" step="10" .value=${String(settings.styleWeight)} ?disabled=${working}
          @input=${(e: Event) => stills.setRefine({ styleWeight: numberOf(e) })} />
        <span aria-hidden="true">${settings.styleWeight}</span>
      </label>
      <div class="row" role="group" aria-label="Style layers">
        ${REFINE_LAYERS.map(
          (layer) => html`<label><input type="checkbox" .checked=${settings.layers.has(layer.id)} ?disabled=${working}
            @change=${(e: Event) => {
              const layers = new Set(settings.layers);
              if ((e.target as HTMLInputElement).checked) layers.add(layer.id);
              else layers.delete(layer.id);
              stills.setRefine({ layers });
            }} />${layer.label} textures</label>`,
        )}
      </div>
      <button ?disabled=${working || settings.layers.size === 0} @click=${() => void stills.refine()}>Refine</button>
      ${renderLossCurve(stills.curve)}
    </fieldset>
  `;
}

interface StillsPanelState {
  /** A source is live, so its current frame can be stylized. */
  live: boolean;
  /** The networks are loaded and a style is on. */
  ready: boolean;
  video: HTMLVideoElement;
}

/** Photo mode: pick a photo, stylize it at full resolution (progress, Cancel), preview, download and refine. */
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
      ${working ? html`<progress aria-label=${stills.task === 'refine' ? 'Refining the photo' : 'Stylizing the photo'} max=${total} .value=${done}></progress>` : nothing}
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
            </div>
            ${renderRefineControls(stills, working)}`
        : nothing}
    </fieldset>
  `;
}
