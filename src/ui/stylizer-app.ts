import { LitElement, css, html, nothing } from 'lit';
import {
  DEFAULT_PROCESSING_SIZE,
  DEFAULT_TARGET_FPS,
  MAX_TARGET_FPS,
  MIN_TARGET_FPS,
  PROCESSING_SIZES,
  isStylizerError,
  type BackendReport,
  type LoadProgress,
  type StylizerStats,
} from '../shared/protocol';
import { CameraController } from './camera-controller';
import { backendLabel, fallbackNotice, formatStatus, messageForError } from './messages';
import { loadStyleCatalogue, type StyleEntry } from './style-catalogue';
import { createStylizerClient, type StylizerClient } from './stylizer-client';
import { parseUrlOptions } from './url-options';
import * as Comlink from 'comlink';
import './style-gallery';

const MODEL_BASE_URL = new URL('models/', document.baseURI).href;

type Phase = 'loading' | 'ready' | 'failed';

const STAGE_LABELS: Record<LoadProgress['stage'], string> = {
  backend: 'Starting the compute backend',
  'style-predictor': 'Downloading the style networks',
  'style-transformer': 'Downloading the style networks',
  'warm-up': 'Preparing the shaders',
  ready: 'Ready',
};

export class StylizerApp extends LitElement {
  static override properties = {
    phase: { state: true },
    progress: { state: true },
    report: { state: true },
    stats: { state: true },
    styles: { state: true },
    styleId: { state: true },
    targetFps: { state: true },
    shortSide: { state: true },
    showOriginal: { state: true },
    errorText: { state: true },
    notices: { state: true },
  };

  declare phase: Phase;
  declare progress: LoadProgress;
  declare report: BackendReport | null;
  declare stats: StylizerStats | null;
  declare styles: StyleEntry[];
  declare styleId: string;
  declare targetFps: number;
  declare shortSide: number;
  declare showOriginal: boolean;
  declare errorText: string;
  declare notices: string[];

  private readonly camera = new CameraController(this);
  private client: StylizerClient | null = null;
  private readonly urlOptions = parseUrlOptions(location.search);

  constructor() {
    super();
    this.phase = 'loading';
    this.progress = { stage: 'backend', fraction: 0 };
    this.report = null;
    this.stats = null;
    this.styles = [];
    this.styleId = '';
    this.targetFps = this.urlOptions.targetFps ?? DEFAULT_TARGET_FPS;
    this.shortSide = this.urlOptions.shortSide ?? DEFAULT_PROCESSING_SIZE;
    this.showOriginal = false;
    this.errorText = '';
    this.notices = [...this.urlOptions.problems];
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.camera.onFrame = null;
    this.client?.destroy();
    this.client = null;
  }

  protected override firstUpdated(): void {
    const canvas = this.renderRoot.querySelector('canvas');
    if (canvas) void this.boot(canvas);
  }

  private async boot(canvas: HTMLCanvasElement): Promise<void> {
    const client = createStylizerClient();
    this.client = client;
    const catalogue = loadStyleCatalogue(`${MODEL_BASE_URL}styles/styles.json`);
    try {
      const events = Comlink.proxy({
        onProgress: (progress: LoadProgress) => (this.progress = progress),
        onStats: (stats: StylizerStats) => (this.stats = stats),
        onError: (error: unknown) => (this.errorText = isStylizerError(error) ? messageForError(error) : String(error)),
      });
      const offscreen = canvas.transferControlToOffscreen();
      const [report, styles] = await Promise.all([
        Promise.race([client.crashed, client.api.init(
          { modelBaseUrl: MODEL_BASE_URL, settings: { targetFps: this.targetFps, shortSide: this.shortSide }, ...(this.urlOptions.backend ? { backend: this.urlOptions.backend } : {}) },
          Comlink.transfer(offscreen, [offscreen]),
          events,
        )]),
        catalogue,
      ]);
      this.report = report;
      const notice = fallbackNotice(report);
      if (notice) this.notices = [...this.notices, notice];
      this.styles = styles;
      const first = styles[0];
      if (first) await this.selectStyle(first.id);
      this.camera.onFrame = (frame) => client.sendFrame(frame);
      this.phase = 'ready';
    } catch (error) {
      this.phase = 'failed';
      this.errorText = isStylizerError(error) ? messageForError(error) : error instanceof Error ? error.message : String(error);
    }
  }

  private async selectStyle(id: string): Promise<void> {
    const style = this.styles.find((entry) => entry.id === id);
    if (!style || !this.client) return;
    this.styleId = id;
    try {
      await this.client.api.setStyle(style.id, style.embedding);
    } catch (error) {
      this.errorText = isStylizerError(error) ? messageForError(error) : String(error);
    }
  }

  private async applySettings(): Promise<void> {
    try {
      await this.client?.api.setSettings({ targetFps: this.targetFps, shortSide: this.shortSide });
    } catch (error) {
      this.errorText = isStylizerError(error) ? messageForError(error) : String(error);
    }
  }

  private toggleCamera(): void {
    if (this.camera.state === 'live' || this.camera.state === 'starting') {
      this.camera.stop();
      void this.client?.api.pause();
    } else {
      void this.camera.start();
    }
  }

  static override styles = css`
    :host {
      display: block;
      max-width: 1200px;
      margin: 0 auto;
      padding: 16px;
      color: #eee;
      font: 15px/1.4 system-ui, sans-serif;
      --accent: #ffb347;
      --focus: #7ab7ff;
    }
    h1 { font-size: 1.4rem; margin: 0 0 12px; }
    .layout { display: grid; grid-template-columns: minmax(0, 1fr) 320px; gap: 16px; }
    @media (max-width: 800px) { .layout { grid-template-columns: 1fr; } }
    .views { display: grid; gap: 8px; grid-template-columns: 1fr; }
    .views.side-by-side { grid-template-columns: 1fr 1fr; }
    .view { position: relative; background: #111; border-radius: 8px; overflow: hidden; aspect-ratio: 4 / 3; }
    canvas, video { display: block; width: 100%; height: 100%; object-fit: contain; }
    .placeholder { position: absolute; inset: 0; display: grid; place-items: center; text-align: center; padding: 16px; color: #aaa; }
    .controls { display: flex; flex-direction: column; gap: 12px; }
    .row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
    select { max-width: 100%; min-width: 0; }
    .row select { flex: 1; }
    button, select { font: inherit; padding: 6px 12px; border-radius: 6px; border: 1px solid #666; background: #2a2a2a; color: inherit; }
    button.primary { background: var(--accent); color: #111; border-color: var(--accent); font-weight: 600; }
    button:focus-visible, select:focus-visible, input:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
    button:disabled { opacity: 0.5; }
    label { display: flex; gap: 8px; align-items: center; }
    input[type='range'] { flex: 1; }
    .status { font-variant-numeric: tabular-nums; color: #ccc; min-height: 1.4em; margin: 8px 0 0; }
    .notice { background: #2d3a4a; border-left: 4px solid var(--focus); padding: 8px 12px; border-radius: 4px; margin: 0 0 8px; }
    .error { background: #4a2020; border-left: 4px solid #ff6b6b; padding: 8px 12px; border-radius: 4px; margin: 0 0 8px; }
    progress { width: 100%; }
  `;

  override render() {
    const live = this.camera.state === 'live';
    const cameraBusy = live || this.camera.state === 'starting';
    return html`
      <h1>Live style transfer</h1>
      ${this.notices.map((notice) => html`<p class="notice">${notice}</p>`)}
      ${this.errorText ? html`<p class="error" role="alert">${this.errorText}</p>` : nothing}
      ${this.camera.error ? html`<p class="error" role="alert">${this.camera.error}</p>` : nothing}
      <div class="layout">
        <section aria-label="Video">
          <div class="views ${this.showOriginal ? 'side-by-side' : ''}">
            <div class="view">
              <canvas role="img" aria-label="Stylized video"></canvas>
              ${this.renderPlaceholder(live)}
            </div>
            <div class="view" ?hidden=${!this.showOriginal}>${this.camera.video}</div>
          </div>
          <p class="status" role="status">${this.statusText()}</p>
        </section>
        <section class="controls" aria-label="Controls">
          ${this.phase === 'loading'
            ? html`<label>${STAGE_LABELS[this.progress.stage]}…
                <progress aria-label="Loading models" max="1" .value=${this.progress.fraction}></progress></label>`
            : nothing}
          <div class="row">
            <button class="primary" @click=${this.toggleCamera}>${cameraBusy ? 'Stop camera' : 'Start camera'}</button>
            <select aria-label="Camera" ?disabled=${this.camera.devices.length < 2} @change=${(e: Event) => void this.camera.start((e.target as HTMLSelectElement).value)}>
              ${this.camera.devices.length === 0 ? html`<option value="">Default camera</option>` : nothing}
              ${this.camera.devices.map(
                (device, index) => html`<option value=${device.deviceId} ?selected=${device.deviceId === this.camera.deviceId}>${device.label || `Camera ${index + 1}`}</option>`,
              )}
            </select>
          </div>
          <label><input type="checkbox" .checked=${this.showOriginal} @change=${(e: Event) => (this.showOriginal = (e.target as HTMLInputElement).checked)} /> Show original side by side</label>
          <label>
            Target frame rate
            <input type="range" aria-label="Target frame rate" min=${MIN_TARGET_FPS} max=${MAX_TARGET_FPS} step="1" .value=${String(this.targetFps)}
              @change=${(e: Event) => { this.targetFps = Number((e.target as HTMLInputElement).value); void this.applySettings(); }}
              @input=${(e: Event) => (this.targetFps = Number((e.target as HTMLInputElement).value))} />
            <span aria-hidden="true">${this.targetFps} fps</span>
          </label>
          <label>
            Resolution
            <select aria-label="Resolution" @change=${(e: Event) => { this.shortSide = Number((e.target as HTMLSelectElement).value); void this.applySettings(); }}>
              ${this.resolutionChoices().map((size) => html`<option value=${size} ?selected=${size === this.shortSide}>${size} px</option>`)}
            </select>
          </label>
          <style-gallery .styles=${this.styles} .selected=${this.styleId} @style-change=${(e: CustomEvent<string>) => void this.selectStyle(e.detail)}></style-gallery>
        </section>
      </div>
    `;
  }

  private resolutionChoices(): number[] {
    const sizes: number[] = [...PROCESSING_SIZES];
    if (!sizes.includes(this.shortSide)) sizes.unshift(this.shortSide);
    return sizes;
  }

  private renderPlaceholder(live: boolean) {
    if (this.phase === 'failed') return html`<div class="placeholder">The stylizer could not start. See the message above.</div>`;
    if (this.phase === 'loading') return html`<div class="placeholder">Loading the style networks… ${Math.round(this.progress.fraction * 100)}%</div>`;
    if (this.camera.state === 'starting') return html`<div class="placeholder">Waiting for the camera…</div>`;
    if (!live) return html`<div class="placeholder">Press “Start camera” to stylize your webcam. Nothing leaves this device.</div>`;
    if (!this.stats || this.stats.framesStylized === 0) return html`<div class="placeholder">Stylizing the first frame…</div>`;
    return nothing;
  }

  private statusText(): string {
    if (this.phase === 'failed') return 'Stopped.';
    if (!this.report) return `Loading… ${Math.round(this.progress.fraction * 100)}%`;
    if (!this.stats) return `Backend: ${backendLabel(this.report.name)} · 0.0 fps`;
    return formatStatus(this.stats);
  }
}

customElements.define('stylizer-app', StylizerApp);

declare global {
  interface HTMLElementTagNameMap {
    'stylizer-app': StylizerApp;
  }
}
