import { html, nothing } from 'lit';
import { RENDER_PROCESSING_SIZES, RENDER_RESOLUTIONS, type RenderResolution } from '../../shared/render-protocol';
import type { RenderController } from './render-controller';

interface RenderPanelState {
  /** The networks are loaded and a style is on. */
  ready: boolean;
}

/** Render video: pick a file, its size and the network's, render every frame (progress, Cancel), preview and download. */
export function renderRenderPanel(render: RenderController, state: RenderPanelState) {
  const working = render.phase === 'working';
  const { done, total } = render.progress;
  return html`
    <fieldset class="render">
      <legend>Render video</legend>
      <p class="hint">Stylizes every frame of a video file (not only the frames the live view manages), with its sound, beside the live video.</p>
      <label>
        Video to render
        <input type="file" accept="video/*,.mkv,.mov" aria-label="Video to render" ?disabled=${working}
          @change=${(e: Event) => void render.choose((e.target as HTMLInputElement).files?.[0] ?? null)} />
      </label>
      <div class="row">
        <label>Render resolution
          <select aria-label="Render resolution" ?disabled=${working} @change=${(e: Event) => render.setResolution((e.target as HTMLSelectElement).value as RenderResolution)}>
            ${RENDER_RESOLUTIONS.map((option) => html`<option value=${option.id} ?selected=${option.id === render.resolution}>${option.label}</option>`)}
          </select>
        </label>
        <label>Render processing size
          <select aria-label="Render processing size" ?disabled=${working} @change=${(e: Event) => render.setProcessingSize(Number((e.target as HTMLSelectElement).value))}>
            ${RENDER_PROCESSING_SIZES.map((size) => html`<option value=${size} ?selected=${size === render.processingShortSide}>${size} px</option>`)}
          </select>
        </label>
      </div>
      <div class="row">
        <button ?disabled=${!state.ready || working || !render.chosen} @click=${() => void render.render()}>Render video</button>
        ${working ? html`<button @click=${() => void render.cancel()}>Cancel</button>` : nothing}
      </div>
      ${working ? html`<progress aria-label="Rendering the video" max=${total} .value=${done}></progress>` : nothing}
      <p class="style-message ${render.message?.tone ?? ''}" aria-live="polite">${render.message?.text ?? ''}</p>
      ${render.result
        ? html`<video class="render-preview" controls src=${render.result.url} aria-label="Rendered video, ${render.result.width}×${render.result.height}"></video>
            <div class="row"><button ?disabled=${working} @click=${() => render.download()}>Download video</button></div>`
        : nothing}
    </fieldset>
  `;
}
