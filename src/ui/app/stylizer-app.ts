import * as Comlink from 'comlink';
import { LitElement, html, nothing } from 'lit';
import { describeError } from '../../shared/errors';
import {
  DEFAULT_SETTINGS,
  isStylizerError,
  type BackendReport,
  type CameraFrame,
  type InitOptions,
  type LoadProgress,
  type ProcessingSettings,
} from '../../shared/protocol';
import { changedSettings, DEFAULT_TARGET_FPS_BY_BACKEND } from '../../shared/settings';
import type { StylizerClient } from '../connection/stylizer-client';
import { WorkerConnection } from '../connection/worker-connection';
import { OutputController } from '../outputs/output-controller';
import { renderOutputPanel } from '../outputs/output-panel';
import { outputStyles } from '../outputs/output-styles';
import { renderSourceControls, SOURCE_ACTIONS } from '../sources/source-controls';
import { SourceController, type SourceKind } from '../sources/source-controller';
import { loadStyleCatalogue, type StyleEntry } from '../styles/style-catalogue';
import { renderStyleControls } from '../styles/style-controls';
import { PictureDropController } from '../styles/picture-drop-controller';
import { StyleLibraryController, type StyleTarget } from '../styles/style-library-controller';
import { openUserStyleStore } from '../styles/user-style-store';
import { appStyles } from './app-styles';
import { renderPlaceholder, statusText } from './app-text';
import { fallbackNotice, messageForError } from './messages';
import { KeyboardShortcuts, renderShortcutsDialog } from './keyboard-shortcuts';
import { OutputView } from './output-view';
import { loadKeptSettings, SettingsPersistence } from './settings-persistence';
import { renderQualityControls } from './quality-controls';
import { parseUrlOptions } from './url-options';
import { renderProcessingControls, renderViewControls, renderViews, type ViewActions, type ViewMode, type ViewState } from './view-controls';

const MODEL_BASE_URL = new URL('models/', document.baseURI).href;


const STAGE_LABELS: Record<LoadProgress['stage'], string> = {
  backend: 'Starting the compute backend',
  download: 'Downloading the style networks',
  'warm-up': 'Preparing the networks',
  ready: 'Ready',
};

/** The whole app: camera (or other source) → worker → stylized canvas, with its controls. */
export class StylizerApp extends LitElement {
  static override properties = {
    settings: { state: true },
    mixerOpen: { state: true },
    hidden: { state: true },
    viewMode: { state: true },
    split: { state: true },
    mirror: { state: true },
    fullscreen: { state: true },
    notices: { state: true },
    showOriginal: { state: true },
  };

  static override styles = [appStyles, outputStyles];

  /** What the controls show; the worker is sent only the fields that change. */
  declare settings: ProcessingSettings;
  declare mixerOpen: boolean;
  /** The tab is hidden: no frames are sent, so no GPU work happens in the background. */
  declare hidden: boolean;
  declare viewMode: ViewMode;
  /** Compare view: where the line sits (% of the width), the original on its left and the stylized picture on its right. */
  declare split: number;
  declare mirror: boolean;
  declare fullscreen: boolean;
  declare notices: string[];
  /** The camera picture in place of the stylized one (the O key). */
  declare showOriginal: boolean;

  private readonly urlOptions = parseUrlOptions(location.search);
  /** Settings from the last visit; the address's own values win over them. */
  private readonly kept = loadKeptSettings();
  /** Fetched while the worker loads. */
  private readonly catalogue: Promise<StyleEntry[]> = loadStyleCatalogue(`${MODEL_BASE_URL}styles/styles.json`);
  /** The settings the current worker has. */
  private sentSettings: ProcessingSettings = { ...DEFAULT_SETTINGS };
  /** A frame rate from the address or the slider; until then each backend's own default applies. */
  private frameRateChosen = this.urlOptions.targetFps !== undefined || this.kept?.frameRateChosen === true;
  private readonly source = new SourceController(this);
  private readonly library = new StyleLibraryController(this, openUserStyleStore());
  private readonly shortcuts = new KeyboardShortcuts(this, {
    previousStyle: () => this.pickStyle(this.library.neighbourId(-1)),
    nextStyle: () => this.pickStyle(this.library.neighbourId(1)),
    styleNumber: (n) => this.pickStyle(this.library.all[n - 1]?.id),
    showOriginal: (shown) => (this.showOriginal = shown),
    toggleRecording: () => this.outputReady() && void this.output.toggleRecording(),
    snapshot: () => this.outputReady() && void this.output.snapshot(),
    toggleFullscreen: () => this.toggleFullscreen(),
    toggleMirror: () => (this.mirror = !this.mirror),
    surprise: () => this.connection.phase === 'ready' && this.run(this.library.surprise()),
    toggleSource: () => this.toggleSource(),
    openHelp: () => this.renderRoot.querySelector<HTMLDialogElement>('dialog.shortcuts')?.showModal(),
  });
  private readonly outputView = new OutputView(this, this.urlOptions.outputView === true);
  private readonly persistence = new SettingsPersistence(this, () => ({
    processing: this.settings,
    frameRateChosen: this.frameRateChosen,
    styleId: this.library.selectedId || (this.kept?.styleId ?? ''),
    view: this.viewMode,
    mirror: this.mirror,
  }));
  private readonly drops = new PictureDropController(this, (picture) => this.run(this.library.addFile(picture)));
  private readonly connection = new WorkerConnection(this, {
    canvas: () => this.renderRoot.querySelector('canvas'),
    initOptions: () => this.initOptions(),
    attach: (client, report) => this.attach(client, report),
    detach: () => this.detach(),
    notify: (text) => this.notify(text),
    describe: (error) => (isStylizerError(error) ? messageForError(error) : describeError(error)),
    paused: () => this.hidden,
    // ONNX Runtime failing after the first frames (its download, its first run) is said once.
    statsArrived: (stats) => {
      if (stats.engineChoice.fallbackReason) this.notify(stats.engineChoice.fallbackReason);
    },
  });
  private readonly output = new OutputController(this, {
    canvas: () => this.renderRoot.querySelector<HTMLCanvasElement>('canvas'),
    snapshot: async () => {
      const client = this.connection.client;
      if (!client) throw new Error('the stylizer is not running');
      return client.api.snapshot();
    },
    sourceAudio: () => this.source.audioTracks(),
    frameRate: () => this.settings.targetFps,
  });

  constructor() {
    super();
    this.settings = {
      ...DEFAULT_SETTINGS,
      ...this.kept?.processing,
      ...(this.urlOptions.targetFps !== undefined ? { targetFps: this.urlOptions.targetFps } : {}),
      ...(this.urlOptions.shortSide !== undefined ? { shortSide: this.urlOptions.shortSide } : {}),
      ...(this.urlOptions.adaptiveResolution !== undefined ? { adaptiveResolution: this.urlOptions.adaptiveResolution } : {}),
    };
    this.mixerOpen = false;
    this.hidden = document.visibilityState === 'hidden';
    this.viewMode = this.kept?.view ?? 'stylized';
    this.split = 50;
    this.mirror = this.kept?.mirror ?? false;
    this.fullscreen = false;
    this.showOriginal = false;
    this.notices = [...this.urlOptions.problems];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    document.addEventListener('fullscreenchange', this.onFullscreenChange);
    this.source.onStopped = () => {
      if (this.output.recorder.recording) void this.output.stopRecording('The source stopped, so the recording stopped; it is saved below.');
    };
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    document.removeEventListener('fullscreenchange', this.onFullscreenChange);
    this.source.onStopped = null;
  }

  protected override firstUpdated(): void {
    void this.connection.start();
  }

  private initOptions(): InitOptions {
    this.sentSettings = { ...this.settings };
    const { backend, engine } = this.urlOptions;
    return { modelBaseUrl: MODEL_BASE_URL, settings: this.sentSettings, ...(backend ? { backend } : {}), ...(engine ? { engine } : {}) };
  }

  /** A ready worker: the first gets the catalogue and the first style, a restarted one the style that was on screen. */
  private async attach(client: StylizerClient, report: BackendReport): Promise<void> {
    const notice = fallbackNotice(report);
    if (notice) this.notify(notice);
    if (!this.frameRateChosen) this.changeSettings({ targetFps: DEFAULT_TARGET_FPS_BY_BACKEND[report.name] });
    const target = {
      setStyle: (id: string | null, embedding: Float32Array) => client.api.setStyle(id, embedding),
      dropStyle: (id: string) => client.api.dropStyle(id),
      predictStyle: (bitmap: ImageBitmap) => client.api.predictStyle(Comlink.transfer(bitmap, [bitmap])),
    };
    if (this.library.builtIns.length === 0) await this.startStyles(target);
    else await this.library.reconnect(target);
    this.source.onFrame = (frame) => this.forwardFrame(client, frame);
  }

  /** The first worker: the style from the address, else the one kept from last time; the output view starts its camera. */
  private async startStyles(target: StyleTarget): Promise<void> {
    const catalogue = await this.catalogue;
    const { styleId } = this.urlOptions;
    if (styleId !== undefined && !catalogue.some((style) => style.id === styleId)) {
      this.notify(`Unknown style "${styleId}" in the address (use ${catalogue.map((style) => style.id).join(', ')}); starting with the first.`);
    }
    await this.library.start(target, catalogue, styleId ?? this.kept?.styleId);
    // A browser source in streaming software has nobody to press Start camera.
    if (this.outputView.active && !this.source.busy) this.startSource(this.source.kind);
  }

  private detach(): void {
    this.source.onFrame = null;
    void this.output.canvasReplaced();
  }

  private notify(text: string): void {
    if (!this.notices.includes(text)) this.notices = [...this.notices, text];
  }

  private readonly onVisibilityChange = (): void => {
    this.hidden = document.visibilityState === 'hidden';
    // The waiting frame goes; the one in flight finishes. Nothing runs until the tab is back.
    if (this.hidden) this.run(this.connection.client?.api.pause());
    this.connection.resetSilenceClock();
  };

  private forwardFrame(client: StylizerClient, frame: CameraFrame): void {
    if (this.hidden) frame.close();
    else client.sendFrame(frame);
  }

  /** Runs a call to the worker; a refusal becomes the error line, never an unhandled rejection. */
  private run(action: Promise<unknown> | undefined): void {
    void action?.catch((error: unknown) => this.connection.showError(error));
  }

  /** Changes the settings and sends the worker only the fields that changed. */
  private changeSettings(change: Partial<ProcessingSettings>, send = true): void {
    this.settings = { ...this.settings, ...change };
    if (!send) return;
    const changed = changedSettings(this.sentSettings, this.settings);
    if (Object.keys(changed).length === 0) return;
    this.sentSettings = { ...this.settings };
    this.run(this.connection.client?.api.setSettings(changed));
  }

  private addFiles(files: Iterable<File>): void {
    for (const file of files) this.run(this.library.addFile(file));
  }

  /** Back to the defaults (the backend's own frame rate, the first style), and nothing kept. */
  private resetSettings(): void {
    this.persistence.reset();
    this.frameRateChosen = false;
    const backend = this.connection.report?.name;
    this.changeSettings({ ...DEFAULT_SETTINGS, ...(backend ? { targetFps: DEFAULT_TARGET_FPS_BY_BACKEND[backend] } : {}) });
    this.viewMode = 'stylized';
    this.mirror = false;
    this.pickStyle(this.library.builtIns[0]?.id);
  }

  private pickStyle(id: string | undefined): void {
    if (id !== undefined && this.connection.phase === 'ready') this.run(this.library.select(id));
  }

  /** Recording and snapshots need a stylized frame, as their buttons do. */
  private outputReady(): boolean {
    return this.connection.phase === 'ready' && (this.connection.stats?.framesStylized ?? 0) > 0;
  }

  private toggleSource(): void {
    if (this.source.busy) {
      this.source.stop();
      this.run(this.connection.client?.api.pause());
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
      this.output.message = { text: `Fullscreen is not available here: ${describeError(error)}`, tone: 'error' };
      this.requestUpdate();
    });
  }

  override render() {
    const { phase, errorText, stats } = this.connection;
    const live = this.source.state === 'live';
    return html`
      <div class="page ${this.outputView.classes} ${this.drops.dropping ? 'dropping' : ''}" @dragover=${this.drops.onDragOver} @dragleave=${this.drops.onDragLeave} @drop=${this.drops.onDrop}>
      <h1>Live style transfer</h1>
      ${this.notices.map((notice) => html`<p class="notice">${notice}</p>`)}
      ${errorText
        ? html`<div class="error" role="alert">
            <p>${errorText}</p>
            ${phase === 'failed' ? html`<button class="primary" @click=${() => this.connection.retry()}>Retry</button>` : nothing}
          </div>`
        : nothing}
      ${this.source.error ? html`<p class="error" role="alert">${this.source.error}</p>` : nothing}
      <div class="layout">
        <section aria-label="Video">
          ${renderViews(this.view(live), this.viewActions)}
          <p class="status" role="status">${statusText(this.connection, this.source, this.hidden)}</p>
          ${renderOutputPanel(this.output, { ready: phase === 'ready' && (stats?.framesStylized ?? 0) > 0, live, fullscreen: this.fullscreen, onFullscreen: () => this.toggleFullscreen() })}
        </section>
        <section class="controls" aria-label="Controls">
          ${phase === 'loading'
            ? html`<label>${STAGE_LABELS[this.connection.progress.stage]}…
                <progress aria-label="Loading models" max="1" .value=${this.connection.progress.fraction}></progress></label>`
            : nothing}
          ${renderSourceControls(this.source, { toggle: () => this.toggleSource(), choose: (kind) => this.onSourceChosen(kind), fileChosen: (kind, event) => this.onSourceFile(kind, event) })}
          ${renderViewControls(this.view(live), this.viewActions)}
          ${renderProcessingControls(this.settings, (change, send) => {
            if (change.targetFps !== undefined) this.frameRateChosen = true;
            this.changeSettings(change, send);
          })}
          ${renderQualityControls(this.settings, (change, send) => this.changeSettings(change, send))}
          <div class="row">
            <button @click=${() => this.renderRoot.querySelector<HTMLDialogElement>('dialog.shortcuts')?.showModal()}>Keyboard shortcuts</button>
            <button @click=${() => this.resetSettings()}>Reset settings</button>
          </div>
          ${renderStyleControls(
            this.library,
            { ready: phase === 'ready', styleStrength: this.settings.styleStrength, crossfadeMs: this.settings.crossfadeMs, mixerOpen: this.mixerOpen },
            {
              setStrength: (styleStrength) => this.changeSettings({ styleStrength }),
              setCrossfade: (crossfadeMs, commit) => this.changeSettings({ crossfadeMs }, commit),
              toggleMixer: () => (this.mixerOpen = !this.mixerOpen),
              addFiles: (files) => this.addFiles(files),
              run: (action) => this.run(action),
            },
          )}
        </section>
      </div>
      ${this.drops.dropping ? html`<div class="drop-hint" aria-hidden="true">Drop the picture to add it as a style</div>` : nothing}
      <div class="visually-hidden style-announcement" aria-live="polite">${this.library.announcement}</div>
      ${renderShortcutsDialog()}
      </div>
    `;
  }

  private view(live: boolean): ViewState {
    return {
      mode: this.viewMode,
      split: this.split,
      mirror: this.mirror,
      fullscreen: this.fullscreen,
      showOriginal: this.showOriginal,
      generation: this.connection.generation,
      video: this.source.video,
      placeholder: renderPlaceholder(this.connection, this.source, live),
    };
  }

  private readonly viewActions: ViewActions = {
    setMode: (mode) => (this.viewMode = mode),
    setSplit: (split) => (this.split = split),
    setMirror: (mirror) => (this.mirror = mirror),
    toggleFullscreen: () => this.toggleFullscreen(),
  };

}

customElements.define('stylizer-app', StylizerApp);

declare global {
  interface HTMLElementTagNameMap {
    'stylizer-app': StylizerApp;
  }
}
