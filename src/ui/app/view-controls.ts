import { html, nothing, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { styleMap } from 'lit/directives/style-map.js';
import { MAX_TARGET_FPS, MIN_TARGET_FPS, NETWORK_PREFERENCES, PROCESSING_SIZES, type NetworkPreference, type ProcessingSettings } from '../../shared/protocol';

export type ViewMode = 'stylized' | 'side-by-side' | 'compare';

const VIEW_LABELS: Record<ViewMode, string> = { stylized: 'Stylized only', 'side-by-side': 'Side by side', compare: 'Compare (split)' };

export interface ViewState {
  mode: ViewMode;
  /** Compare view: where the line sits (% of the width), the original on its left and the stylized picture on its right. */
  split: number;
  mirror: boolean;
  fullscreen: boolean;
  /** The original in place of the stylized picture (the O key), in any view. */
  showOriginal: boolean;
  /** Bumped for each new worker: a fresh <canvas>, since each can hand its drawing to one worker only. */
  generation: number;
  /** The source's <video>, shown beside or under the stylized canvas. */
  video: HTMLVideoElement;
  placeholder: TemplateResult | typeof nothing;
}

export interface ViewActions {
  setMode(mode: ViewMode): void;
  setSplit(split: number): void;
  setMirror(mirror: boolean): void;
  toggleFullscreen(): void;
}

/** The stylized canvas (with the compare overlay and fullscreen exit) and the original beside it. */
export function renderViews(view: ViewState, actions: ViewActions) {
  return html`
    <div class="views ${view.mode === 'side-by-side' ? 'side-by-side' : ''} ${view.mirror ? 'mirrored' : ''}">
      <div class="view stylized">
        ${keyed(view.generation, html`<canvas role="img" aria-label="Stylized video"></canvas>`)}
        ${view.showOriginal
          ? html`<div class="compare-original">${view.video}</div>`
          : view.mode === 'compare'
            ? html`<div class="compare-original" style=${styleMap({ clipPath: `inset(0 ${100 - view.split}% 0 0)` })}>${view.video}</div>
                <div class="compare-line" aria-hidden="true" style=${styleMap({ left: `${view.split}%` })}></div>`
            : nothing}
        ${view.placeholder}
        ${view.fullscreen ? html`<button class="exit-fullscreen" @click=${() => actions.toggleFullscreen()}>Exit fullscreen</button>` : nothing}
      </div>
      <div class="view" ?hidden=${view.mode !== 'side-by-side'}>${view.mode === 'compare' || view.showOriginal ? nothing : view.video}</div>
    </div>
  `;
}

export function renderViewControls(view: ViewState, actions: ViewActions) {
  return html`
    <div class="row">
      <label>View
        <select aria-label="View" @change=${(e: Event) => actions.setMode((e.target as HTMLSelectElement).value as ViewMode)}>
          ${(Object.keys(VIEW_LABELS) as ViewMode[]).map((mode) => html`<option value=${mode} ?selected=${mode === view.mode}>${VIEW_LABELS[mode]}</option>`)}
        </select>
      </label>
      <label><input type="checkbox" .checked=${view.mirror} @change=${(e: Event) => actions.setMirror((e.target as HTMLInputElement).checked)} /> Mirror</label>
    </div>
    ${view.mode === 'compare'
      ? html`<label>Split
          <input type="range" aria-label="Split position" min="0" max="100" step="1" .value=${String(view.split)}
            @input=${(e: Event) => actions.setSplit(Number((e.target as HTMLInputElement).value))} />
        </label>`
      : nothing}
  `;
}

/** Frame rate, processing resolution and adaptive resolution; `send` false while a slider is dragged. */
const NETWORK_LABELS: Record<NetworkPreference, string> = { auto: 'Automatic', full: 'Full quality', fast: 'Fast' };

export function renderProcessingControls(settings: ProcessingSettings, change: (change: Partial<ProcessingSettings>, send?: boolean) => void) {
  const { targetFps, shortSide, adaptiveResolution } = settings;
  const sizes: number[] = (PROCESSING_SIZES as readonly number[]).includes(shortSide) ? [...PROCESSING_SIZES] : [shortSide, ...PROCESSING_SIZES];
  return html`
    <label>
      Target frame rate
      <input type="range" aria-label="Target frame rate" min=${MIN_TARGET_FPS} max=${MAX_TARGET_FPS} step="1" .value=${String(targetFps)}
        @change=${(e: Event) => change({ targetFps: Number((e.target as HTMLInputElement).value) })}
        @input=${(e: Event) => change({ targetFps: Number((e.target as HTMLInputElement).value) }, false)} />
      <span aria-hidden="true">${targetFps} fps</span>
    </label>
    <label>
      Processing resolution
      <select aria-label="Processing resolution" @change=${(e: Event) => change({ shortSide: Number((e.target as HTMLSelectElement).value) })}>
        ${sizes.map((size) => html`<option value=${size} ?selected=${size === shortSide}>${size} px</option>`)}
      </select>
    </label>
    <label title="Lowers the processing resolution (to half at most) when frames cannot keep up with the target frame rate, and raises it again when they can">
      <input type="checkbox" .checked=${adaptiveResolution} @change=${(e: Event) => change({ adaptiveResolution: (e.target as HTMLInputElement).checked })} />
      Adaptive resolution
    </label>
    <label title="Full quality is the original network; Fast is this app's own, lighter network (about 3 times less work a frame) that imitates it. Automatic: Full on a GPU, Fast on the CPU.">
      Network
      <select aria-label="Network" @change=${(e: Event) => change({ network: (e.target as HTMLSelectElement).value as NetworkPreference })}>
        ${NETWORK_PREFERENCES.map((preference) => html`<option value=${preference} ?selected=${preference === settings.network}>${NETWORK_LABELS[preference]}</option>`)}
      </select>
    </label>
  `;
}
