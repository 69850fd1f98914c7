import { LitElement, css, html, nothing } from 'lit';
import {
  DEFAULT_CROSSFADE_MS,
  DEFAULT_PROCESSING_SIZE,
  DEFAULT_TARGET_FPS,
  MAX_CROSSFADE_MS,
  MAX_TARGET_FPS,
  MIN_TARGET_FPS,
  PROCESSING_SIZES,
  isStylizerError,
  type BackendReport,
  type CameraFrame,
  type LoadProgress,
  type StylizerStats,
} from '../shared/protocol';
import { CameraController } from './camera-controller';
import { backendLabel, fallbackNotice, formatStatus, messageForError } from './messages';
import { loadStyleCatalogue } from './style-catalogue';
import { StyleLibraryController } from './style-library-controller';
import type { BlendDetail } from './style-mixer';
import { createStylizerClient, type StylizerClient } from './stylizer-client';
import { parseUrlOptions } from './url-options';
import { openUserStyleStore } from './user-style-store';
import * as Comlink from 'comlink';
import { keyed } from 'lit/directives/keyed.js';
import { RestartPolicy } from './restart-policy';
import './style-gallery';
import './style-mixer';

const MODEL_BASE_URL = new URL('models/', document.baseURI).href;
const WATCHDOG_INTERVAL_MS = 5_000;
/** Stats come every 500 ms; even the CPU backend at 1080 px finishes a frame well within this. */
const WORKER_SILENCE_LIMIT_MS = 30_000;

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
    targetFps: { state: true },
    styleStrength: { state: true },
    crossfadeMs: { state: true },
    mixerOpen: { state: true },
    dropping: { state: true },
    generation: { state: true },
    hidden: { state: true },
    shortSide: { state: true },
    showOriginal: { state: true },
    errorText: { state: true },
    notices: { state: true },
  };

  declare phase: Phase;
  declare progress: LoadProgress;
  declare report: BackendReport | null;
  declare stats: StylizerStats | null;
  declare targetFps: number;
  /** 0..100 (%). */
  declare styleStrength: number;
  declare crossfadeMs: number;
  declare mixerOpen: boolean;
  /** A file is being dragged over the page. */
  declare dropping: boolean;
  /** Bumped for each new worker: a fresh <canvas>, since each can hand its drawing to one worker only. */
  declare generation: number;
  /** The tab is hidden: no frames are sent, so no GPU work happens in the background. */
  declare hidden: boolean;
  declare shortSide: number;
  declare showOriginal: boolean;
  declare errorText: string;
  declare notices: string[];

  private readonly camera = new CameraController(this);
  private readonly library = new StyleLibraryController(this, openUserStyleStore());
  private client: StylizerClient | null = null;
  private readonly urlOptions = parseUrlOptions(location.search);
  private readonly restarts = new RestartPolicy();
  private lastStatsAt = 0;
  private watchdog: ReturnType<typeof setInterval> | null = null;

  constructor() {
    super();
    this.phase = 'loading';
    this.progress = { stage: 'backend', fraction: 0 };
    this.report = null;
    this.stats = null;
    this.styleStrength = 100;
    this.crossfadeMs = DEFAULT_CROSSFADE_MS;
    this.mixerOpen = false;
    this.dropping = false;
    this.generation = 0;
    this.hidden = document.visibilityState === 'hidden';
    this.targetFps = this.urlOptions.targetFps ?? DEFAULT_TARGET_FPS;
    this.shortSide = this.urlOptions.shortSide ?? DEFAULT_PROCESSING_SIZE;
    this.showOriginal = false;
    this.errorText = '';
    this.notices = [...this.urlOptions.problems];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('paste', this.onPaste);
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    this.watchdog = setInterval(() => this.checkWorkerAlive(), WATCHDOG_INTERVAL_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('paste', this.onPaste);
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    if (this.watchdog !== null) clearInterval(this.watchdog);
    this.watchdog = null;
    this.camera.onFrame = null;
    this.client?.destroy();
    this.client = null;
  }

  protected override firstUpdated(): void {
    void this.boot();
  }

  /** Drops the worker and starts a fresh one with a fresh canvas; the camera, styles and settings stay. */
  private restart(notice?: string): void {
    this.camera.onFrame = null;
    this.client?.destroy();
    this.client = null;
    if (notice) this.notices = [...this.notices, notice];
    this.generation++;
    void this.boot();
  }

  private retry(): void {
    this.restarts.reset();
    this.errorText = '';
    this.restart();
  }

  private onWorkerLost(client: StylizerClient, reason: string): void {
    if (client !== this.client || this.phase === 'failed') return;
    if (this.restarts.tryRestart(performance.now())) {
      this.restart(`The stylizer stopped (${reason}); it was restarted with your style and settings.`);
      return;
    }
    this.camera.onFrame = null;
    this.phase = 'failed';
    this.errorText = `The stylizer keeps stopping (${reason}). Press Retry to start it again.`;
  }

  /** A worker that was closed or hangs sends no event; its stats stop instead. */
  private checkWorkerAlive(): void {
    if (this.phase !== 'ready' || !this.client || this.hidden) return;
    if (performance.now() - this.lastStatsAt > WORKER_SILENCE_LIMIT_MS) {
      this.onWorkerLost(this.client, `no reply for ${WORKER_SILENCE_LIMIT_MS / 1000} s`);
    }
  }

  private readonly onVisibilityChange = (): void => {
    this.hidden = document.visibilityState === 'hidden';
    // The waiting frame goes; the one in flight finishes. Nothing runs until the tab is back.
    if (this.hidden) void this.client?.api.pause().catch(() => {});
    this.lastStatsAt = performance.now();
  };

  private forwardFrame(client: StylizerClient, frame: CameraFrame): void {
    if (this.hidden) frame.close();
    else client.sendFrame(frame);
  }

  private async boot(): Promise<void> {
    await this.updateComplete;
    const canvas = this.renderRoot.querySelector('canvas');
    if (!canvas) return;
    const client = createStylizerClient();
    this.client = client;
    this.phase = 'loading';
    this.report = null;
    this.stats = null;
    this.progress = { stage: 'backend', fraction: 0 };
    client.crashed.catch((error: unknown) => this.onWorkerLost(client, error instanceof Error ? error.message : String(error)));
    const firstBoot = this.library.builtIns.length === 0;
    const catalogue = firstBoot ? loadStyleCatalogue(`${MODEL_BASE_URL}styles/styles.json`) : Promise.resolve(this.library.builtIns);
    try {
      const events = Comlink.proxy({
        onProgress: (progress: LoadProgress) => (this.progress = progress),
        onStats: (stats: StylizerStats) => {
          this.stats = stats;
          this.lastStatsAt = performance.now();
        },
        onError: (error: unknown) => (this.errorText = isStylizerError(error) ? messageForError(error) : String(error)),
      });
      const offscreen = canvas.transferControlToOffscreen();
      const [report, styles] = await Promise.all([
        Promise.race([client.crashed, client.api.init(
          { modelBaseUrl: MODEL_BASE_URL, settings: this.settings(), ...(this.urlOptions.backend ? { backend: this.urlOptions.backend } : {}) },
          Comlink.transfer(offscreen, [offscreen]),
          events,
        )]),
        catalogue,
      ]);
      if (client !== this.client) return;
      this.report = report;
      const notice = fallbackNotice(report);
      if (notice && !this.notices.includes(notice)) this.notices = [...this.notices, notice];
      const target = {
        setStyle: (id: string | null, embedding: Float32Array) => client.api.setStyle(id, embedding),
        dropStyle: (id: string) => client.api.dropStyle(id),
        predictStyle: (bitmap: ImageBitmap) => client.api.predictStyle(Comlink.transfer(bitmap, [bitmap])),
      };
      if (firstBoot) await this.library.start(target, styles);
      else await this.library.reconnect(target);
      this.camera.onFrame = (frame) => this.forwardFrame(client, frame);
      this.lastStatsAt = performance.now();
      this.phase = 'ready';
    } catch (error) {
      if (client !== this.client) return;
      this.camera.onFrame = null;
      this.phase = 'failed';
      this.errorText = isStylizerError(error) ? messageForError(error) : error instanceof Error ? error.message : String(error);
    }
  }

  private settings() {
    return { targetFps: this.targetFps, shortSide: this.shortSide, styleStrength: this.styleStrength / 100, crossfadeMs: this.crossfadeMs };
  }

  /** Runs a style action; a refusal from the worker becomes the error line, never an unhandled rejection. */
  private async styleAction(action: Promise<void>): Promise<void> {
    try {
      await action;
    } catch (error) {
      this.errorText = isStylizerError(error) ? messageForError(error) : String(error);
    }
  }

  private async applySettings(): Promise<void> {
    try {
      await this.client?.api.setSettings(this.settings());
    } catch (error) {
      this.errorText = isStylizerError(error) ? messageForError(error) : String(error);
    }
  }

  private addFiles(files: Iterable<File>): void {
    for (const file of files) void this.styleAction(this.library.addFile(file));
  }

  private readonly onPaste = (event: ClipboardEvent): void => {
    // Pasting text into the name field stays text.
    if (event.composedPath().some((node) => node instanceof HTMLInputElement && node.type === 'text')) return;
    const files = [...(event.clipboardData?.files ?? [])];
    if (files.length === 0) return;
    event.preventDefault();
    // Clipboard pictures are all called "image.png"; as plain blobs they get a clearer name.
    for (const file of files) void this.styleAction(this.library.addFile(new Blob([file], { type: file.type })));
  };

  private onDragOver(event: DragEvent): void {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.dropping = true;
  }

  private onDrop(event: DragEvent): void {
    event.preventDefault();
    this.dropping = false;
    this.addFiles(event.dataTransfer?.files ?? []);
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
    .error p { margin: 0; }
    .error button { margin-top: 8px; }
    progress { width: 100%; }
    .page { position: relative; min-height: 100%; }
    .drop-hint { position: fixed; inset: 12px; border: 3px dashed var(--accent); border-radius: 16px; background: #000a; display: grid; place-items: center; font-size: 1.3rem; pointer-events: none; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    .hint { margin: 0; color: #aaa; font-size: 0.85rem; }
    .style-message { margin: 0; min-height: 1.4em; }
    .style-message.error { color: #ff9b9b; }
    .spinner { display: inline-block; width: 0.9em; height: 0.9em; margin-right: 6px; border: 2px solid #888; border-top-color: var(--accent); border-radius: 50%; animation: spin 0.8s linear infinite; vertical-align: -2px; }
    @keyframes spin { to { transform: rotate(360deg); } }
    @media (prefers-reduced-motion: reduce) { .spinner { animation: none; } }
  `;

  override render() {
    const live = this.camera.state === 'live';
    const cameraBusy = live || this.camera.state === 'starting';
    return html`
      <div class="page ${this.dropping ? 'dropping' : ''}" @dragover=${this.onDragOver} @dragleave=${() => (this.dropping = false)} @drop=${this.onDrop}>
      <h1>Live style transfer</h1>
      ${this.notices.map((notice) => html`<p class="notice">${notice}</p>`)}
      ${this.errorText
        ? html`<div class="error" role="alert">
            <p>${this.errorText}</p>
            ${this.phase === 'failed' ? html`<button class="primary" @click=${this.retry}>Retry</button>` : nothing}
          </div>`
        : nothing}
      ${this.camera.error ? html`<p class="error" role="alert">${this.camera.error}</p>` : nothing}
      <div class="layout">
        <section aria-label="Video">
          <div class="views ${this.showOriginal ? 'side-by-side' : ''}">
            <div class="view">
              ${keyed(this.generation, html`<canvas role="img" aria-label="Stylized video"></canvas>`)}
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
          ${this.renderStyleControls()}
        </section>
      </div>
      ${this.dropping ? html`<div class="drop-hint" aria-hidden="true">Drop the picture to add it as a style</div>` : nothing}
      </div>
    `;
  }

  private renderStyleControls() {
    const library = this.library;
    const ready = this.phase === 'ready';
    const selection = library.selection;
    return html`
      <label>
        Style strength
        <input type="range" aria-label="Style strength" min="0" max="100" step="1" .value=${String(this.styleStrength)}
          @input=${(e: Event) => { this.styleStrength = Number((e.target as HTMLInputElement).value); void this.applySettings(); }} />
        <span aria-hidden="true">${this.styleStrength}%</span>
      </label>
      <label>
        Crossfade
        <input type="range" aria-label="Crossfade" min="0" max=${MAX_CROSSFADE_MS} step="50" .value=${String(this.crossfadeMs)}
          @change=${(e: Event) => { this.crossfadeMs = Number((e.target as HTMLInputElement).value); void this.applySettings(); }}
          @input=${(e: Event) => (this.crossfadeMs = Number((e.target as HTMLInputElement).value))} />
        <span aria-hidden="true">${this.crossfadeMs} ms</span>
      </label>
      <div class="row">
        <button ?disabled=${!ready} @click=${() => this.renderRoot.querySelector<HTMLInputElement>('#style-file')?.click()}>Add style</button>
        <button ?disabled=${!ready} @click=${() => void this.styleAction(library.surprise())}>Surprise me</button>
        <button aria-expanded=${this.mixerOpen ? 'true' : 'false'} aria-controls="mixer" ?disabled=${!ready}
          @click=${() => (this.mixerOpen = !this.mixerOpen)}>Mix styles</button>
        <input id="style-file" class="visually-hidden" type="file" accept="image/*" aria-label="Style image" tabindex="-1"
          @change=${(e: Event) => {
            const input = e.target as HTMLInputElement;
            this.addFiles(input.files ?? []);
            input.value = '';
          }} />
      </div>
      <p class="hint">Or drop a picture on the page, or paste one. Pictures stay on this device.</p>
      <p class="style-message ${library.message?.tone ?? ''}" aria-live="polite">${library.busy ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}${library.message?.text ?? ''}</p>
      <div id="mixer" ?hidden=${!this.mixerOpen}>
        <style-mixer .styles=${library.all} .weights=${library.weights} label=${selection?.kind === 'mix' ? selection.label : ''}
          @mix-change=${(e: CustomEvent<Map<string, number>>) => void this.styleAction(library.mix(e.detail))}
          @blend-change=${(e: CustomEvent<BlendDetail>) => void this.styleAction(library.blend(e.detail.fromId, e.detail.toId, e.detail.t))}
          @save-style=${(e: CustomEvent<string>) => void this.styleAction(library.saveCurrent(e.detail))}></style-mixer>
      </div>
      <style-gallery .styles=${library.all} .selected=${library.selectedId}
        @style-change=${(e: CustomEvent<string>) => void this.styleAction(library.select(e.detail))}
        @style-remove=${(e: CustomEvent<string>) => void this.styleAction(library.remove(e.detail))}></style-gallery>
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
    if (this.hidden && this.camera.state === 'live') return `Backend: ${backendLabel(this.report.name)} · paused while this tab is hidden · ${this.stats.framesStylized} frames`;
    return formatStatus(this.stats);
  }
}

customElements.define('stylizer-app', StylizerApp);

declare global {
  interface HTMLElementTagNameMap {
    'stylizer-app': StylizerApp;
  }
}
