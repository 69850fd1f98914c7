import { LitElement, css, html, nothing } from 'lit';
import {
  DEFAULT_CROSSFADE_MS,
  DEFAULT_PROCESSING_SIZE,
  DEFAULT_SETTINGS,
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
import { CAPTURE_HEIGHTS, SourceController, type SourceKind } from './source-controller';
import { OutputController } from './output-controller';
import { renderOutputPanel } from './output-panel';
import { backendLabel, fallbackNotice, formatStatus, messageForError } from './messages';
import { loadStyleCatalogue } from './style-catalogue';
import { StyleLibraryController } from './style-library-controller';
import type { BlendDetail } from './style-mixer';
import { createStylizerClient, type StylizerClient } from './stylizer-client';
import { parseUrlOptions } from './url-options';
import { openUserStyleStore } from './user-style-store';
import * as Comlink from 'comlink';
import { keyed } from 'lit/directives/keyed.js';
import { styleMap } from 'lit/directives/style-map.js';
import { RestartPolicy } from './restart-policy';
import './style-gallery';
import './style-mixer';

const MODEL_BASE_URL = new URL('models/', document.baseURI).href;
const WATCHDOG_INTERVAL_MS = 5_000;
/** Stats come every 500 ms; even the CPU backend at 1080 px finishes a frame well within this. */
const WORKER_SILENCE_LIMIT_MS = 30_000;

type Phase = 'loading' | 'ready' | 'failed';
type ViewMode = 'stylized' | 'side-by-side' | 'compare';

const VIEW_LABELS: Record<ViewMode, string> = { stylized: 'Stylized only', 'side-by-side': 'Side by side', compare: 'Compare (split)' };
const SOURCE_LABELS: Record<SourceKind, string> = { camera: 'Camera', screen: 'Screen or window', file: 'Video file', image: 'Picture' };
/** The main button's words for each source: [start, stop]. */
const SOURCE_ACTIONS: Record<SourceKind, [string, string]> = {
  camera: ['Start camera', 'Stop camera'],
  screen: ['Share screen', 'Stop sharing'],
  file: ['Open video file', 'Stop video'],
  image: ['Open picture', 'Stop picture'],
};

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
    adaptiveResolution: { state: true },
    viewMode: { state: true },
    split: { state: true },
    mirror: { state: true },
    fullscreen: { state: true },
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
  declare adaptiveResolution: boolean;
  declare viewMode: ViewMode;
  /** Compare view: where the line sits (% of the width), the original on its left and the stylized picture on its right. */
  declare split: number;
  declare mirror: boolean;
  declare fullscreen: boolean;
  declare errorText: string;
  declare notices: string[];

  private readonly source = new SourceController(this);
  private readonly output = new OutputController(this, {
    canvas: () => this.renderRoot.querySelector<HTMLCanvasElement>('canvas'),
    snapshot: async () => {
      if (!this.client) throw new Error('the stylizer is not running');
      return this.client.api.snapshot();
    },
    sourceAudio: () => this.source.audioTracks(),
    frameRate: () => this.targetFps,
    describeError: (error) => (isStylizerError(error) ? error.message : error instanceof Error ? error.message : String(error)),
  });
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
    this.adaptiveResolution = this.urlOptions.adaptiveResolution ?? DEFAULT_SETTINGS.adaptiveResolution;
    this.viewMode = 'stylized';
    this.split = 50;
    this.mirror = false;
    this.fullscreen = false;
    this.errorText = '';
    this.notices = [...this.urlOptions.problems];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('paste', this.onPaste);
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    document.addEventListener('fullscreenchange', this.onFullscreenChange);
    this.source.onStopped = () => {
      if (this.output.recorder.recording) void this.output.stopRecording('The source stopped, so the recording stopped; it is saved below.');
    };
    this.watchdog = setInterval(() => this.checkWorkerAlive(), WATCHDOG_INTERVAL_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('paste', this.onPaste);
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    document.removeEventListener('fullscreenchange', this.onFullscreenChange);
    this.source.onStopped = null;
    if (this.watchdog !== null) clearInterval(this.watchdog);
    this.watchdog = null;
    this.source.onFrame = null;
    this.client?.destroy();
    this.client = null;
  }

  protected override firstUpdated(): void {
    void this.boot();
  }

  /** Drops the worker and starts a fresh one with a fresh canvas; the camera, styles and settings stay. */
  private restart(notice?: string): void {
    this.source.onFrame = null;
    void this.output.canvasReplaced();
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
    this.source.onFrame = null;
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
        onError: (error: unknown) => {
          // Nothing on a lost GPU can be saved: a fresh worker gets a fresh device.
          if (isStylizerError(error) && error.code === 'gpu-lost') this.onWorkerLost(client, error.message);
          else this.errorText = isStylizerError(error) ? messageForError(error) : String(error);
        },
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
      this.source.onFrame = (frame) => this.forwardFrame(client, frame);
      this.lastStatsAt = performance.now();
      this.phase = 'ready';
    } catch (error) {
      if (client !== this.client) return;
      this.source.onFrame = null;
      this.phase = 'failed';
      this.errorText = isStylizerError(error) ? messageForError(error) : error instanceof Error ? error.message : String(error);
    }
  }

  private settings() {
    return { targetFps: this.targetFps, shortSide: this.shortSide, styleStrength: this.styleStrength / 100, crossfadeMs: this.crossfadeMs, adaptiveResolution: this.adaptiveResolution };
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

  private toggleSource(): void {
    if (this.source.busy) {
      this.source.stop();
      void this.client?.api.pause();
      return;
    }
    this.startSource(this.source.kind);
  }

  /** While a source is live, choosing another switches to it at once; otherwise the button starts it. */
  private onSourceChosen(kind: SourceKind): void {
    if (this.source.live) this.startSource(kind);
    else this.source.choose(kind);
  }

  /** Files need a picker: its choice starts the source, and a cancelled picker changes nothing. */
  private startSource(kind: SourceKind): void {
    if (kind === 'camera') void this.source.startCamera();
    else if (kind === 'screen') void this.source.startScreen();
    else this.renderRoot.querySelector<HTMLInputElement>(kind === 'file' ? '#source-video' : '#source-picture')?.click();
    this.requestUpdate();
  }

  private onSourceFile(kind: 'file' | 'image', event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    void (kind === 'file' ? this.source.startFile(file) : this.source.startImage(file));
  }

  private readonly onFullscreenChange = (): void => {
    this.fullscreen = (this.renderRoot as ShadowRoot).fullscreenElement != null;
  };

  private toggleFullscreen(): void {
    if ((this.renderRoot as ShadowRoot).fullscreenElement) void document.exitFullscreen();
    else void this.renderRoot.querySelector<HTMLElement>('.view.stylized')?.requestFullscreen().catch((error: unknown) => {
      this.output.message = { text: `Fullscreen is not available here: ${error instanceof Error ? error.message : String(error)}`, tone: 'error' };
      this.requestUpdate();
    });
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
    .views.mirrored canvas, .views.mirrored video { transform: scaleX(-1); }
    .compare-original { position: absolute; inset: 0; pointer-events: none; }
    .compare-line { position: absolute; top: 0; bottom: 0; width: 2px; background: var(--accent); pointer-events: none; }
    .view:fullscreen { border-radius: 0; aspect-ratio: auto; }
    fieldset.outputs { border: 1px solid #444; border-radius: 8px; display: flex; flex-direction: column; gap: 8px; }
    .recordings { margin: 0; padding-left: 1.2em; font-size: 0.9rem; }
    .recordings a { color: var(--focus); }
    button.recording { background: #c0392b; border-color: #c0392b; color: #fff; }
    .recording-status { margin: 0; font-variant-numeric: tabular-nums; }
    .dot { display: inline-block; width: 0.7em; height: 0.7em; border-radius: 50%; background: #ff4d4d; margin-right: 6px; }
    .view { position: relative; background: #111; border-radius: 8px; overflow: hidden; aspect-ratio: 4 / 3; }
    canvas, video { display: block; width: 100%; height: 100%; object-fit: contain; }
    .exit-fullscreen { position: absolute; top: 12px; right: 12px; opacity: 0.75; }
    .exit-fullscreen:hover, .exit-fullscreen:focus-visible { opacity: 1; }
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
    const live = this.source.state === 'live';
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
      ${this.source.error ? html`<p class="error" role="alert">${this.source.error}</p>` : nothing}
      <div class="layout">
        <section aria-label="Video">
          <div class="views ${this.viewMode === 'side-by-side' ? 'side-by-side' : ''} ${this.mirror ? 'mirrored' : ''}">
            <div class="view stylized">
              ${keyed(this.generation, html`<canvas role="img" aria-label="Stylized video"></canvas>`)}
              ${this.viewMode === 'compare'
                ? html`<div class="compare-original" style=${styleMap({ clipPath: `inset(0 ${100 - this.split}% 0 0)` })}>${this.source.video}</div>
                    <div class="compare-line" aria-hidden="true" style=${styleMap({ left: `${this.split}%` })}></div>`
                : nothing}
              ${this.renderPlaceholder(live)}
              ${this.fullscreen
                ? html`<button class="exit-fullscreen" @click=${() => this.toggleFullscreen()}>Exit fullscreen</button>`
                : nothing}
            </div>
            <div class="view" ?hidden=${this.viewMode !== 'side-by-side'}>${this.viewMode === 'compare' ? nothing : this.source.video}</div>
          </div>
          <p class="status" role="status">${this.statusText()}</p>
          ${renderOutputPanel(this.output, { ready: this.phase === 'ready' && (this.stats?.framesStylized ?? 0) > 0, live, fullscreen: this.fullscreen, onFullscreen: () => this.toggleFullscreen() })}
        </section>
        <section class="controls" aria-label="Controls">
          ${this.phase === 'loading'
            ? html`<label>${STAGE_LABELS[this.progress.stage]}…
                <progress aria-label="Loading models" max="1" .value=${this.progress.fraction}></progress></label>`
            : nothing}
          ${this.renderSourceControls()}
          ${this.renderViewControls()}
          <label>
            Target frame rate
            <input type="range" aria-label="Target frame rate" min=${MIN_TARGET_FPS} max=${MAX_TARGET_FPS} step="1" .value=${String(this.targetFps)}
              @change=${(e: Event) => { this.targetFps = Number((e.target as HTMLInputElement).value); void this.applySettings(); }}
              @input=${(e: Event) => (this.targetFps = Number((e.target as HTMLInputElement).value))} />
            <span aria-hidden="true">${this.targetFps} fps</span>
          </label>
          <label>
            Processing resolution
            <select aria-label="Processing resolution" @change=${(e: Event) => { this.shortSide = Number((e.target as HTMLSelectElement).value); void this.applySettings(); }}>
              ${this.resolutionChoices().map((size) => html`<option value=${size} ?selected=${size === this.shortSide}>${size} px</option>`)}
            </select>
          </label>
          <label title="Lowers the processing resolution (to half at most) when frames cannot keep up with the target frame rate, and raises it again when they can">
            <input type="checkbox" .checked=${this.adaptiveResolution}
              @change=${(e: Event) => { this.adaptiveResolution = (e.target as HTMLInputElement).checked; void this.applySettings(); }} />
            Adaptive resolution
          </label>
          ${this.renderStyleControls()}
        </section>
      </div>
      ${this.dropping ? html`<div class="drop-hint" aria-hidden="true">Drop the picture to add it as a style</div>` : nothing}
      </div>
    `;
  }

  private renderSourceControls() {
    const source = this.source;
    const [startLabel, stopLabel] = SOURCE_ACTIONS[source.kind];
    return html`
      <div class="row">
        <label>Source
          <select aria-label="Source" .value=${source.kind} @change=${(e: Event) => this.onSourceChosen((e.target as HTMLSelectElement).value as SourceKind)}>
            ${(Object.keys(SOURCE_LABELS) as SourceKind[]).map((kind) => html`<option value=${kind} ?selected=${kind === source.kind}>${SOURCE_LABELS[kind]}</option>`)}
          </select>
        </label>
        <button class="primary" @click=${this.toggleSource}>${source.busy ? stopLabel : startLabel}</button>
      </div>
      <input id="source-video" class="visually-hidden" type="file" accept="video/*" aria-label="Video file to stylize" tabindex="-1" @change=${(e: Event) => this.onSourceFile('file', e)} />
      <input id="source-picture" class="visually-hidden" type="file" accept="image/*" aria-label="Picture to stylize" tabindex="-1" @change=${(e: Event) => this.onSourceFile('image', e)} />
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

  private renderViewControls() {
    return html`
      <div class="row">
        <label>View
          <select aria-label="View" @change=${(e: Event) => (this.viewMode = (e.target as HTMLSelectElement).value as ViewMode)}>
            ${(Object.keys(VIEW_LABELS) as ViewMode[]).map((mode) => html`<option value=${mode} ?selected=${mode === this.viewMode}>${VIEW_LABELS[mode]}</option>`)}
          </select>
        </label>
        <label><input type="checkbox" .checked=${this.mirror} @change=${(e: Event) => (this.mirror = (e.target as HTMLInputElement).checked)} /> Mirror</label>
      </div>
      ${this.viewMode === 'compare'
        ? html`<label>Split
            <input type="range" aria-label="Split position" min="0" max="100" step="1" .value=${String(this.split)}
              @input=${(e: Event) => (this.split = Number((e.target as HTMLInputElement).value))} />
          </label>`
        : nothing}
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
    if (this.source.state === 'starting') return html`<div class="placeholder">Waiting for the ${this.source.kind === 'camera' ? 'camera' : 'source'}…</div>`;
    if (!live) return html`<div class="placeholder">Press “${SOURCE_ACTIONS[this.source.kind][0]}” to stylize it. Nothing leaves this device.</div>`;
    if (!this.stats || this.stats.framesStylized === 0) return html`<div class="placeholder">Stylizing the first frame…</div>`;
    return nothing;
  }

  private statusText(): string {
    if (this.phase === 'failed') return 'Stopped.';
    if (!this.report) return `Loading… ${Math.round(this.progress.fraction * 100)}%`;
    if (!this.stats) return `Backend: ${backendLabel(this.report.name)} · 0.0 fps`;
    if (this.hidden && this.source.state === 'live') return `Backend: ${backendLabel(this.report.name)} · paused while this tab is hidden · ${this.stats.framesStylized} frames`;
    return formatStatus(this.stats);
  }
}

customElements.define('stylizer-app', StylizerApp);

declare global {
  interface HTMLElementTagNameMap {
    'stylizer-app': StylizerApp;
  }
}
