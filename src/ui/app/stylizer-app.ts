import { LitElement } from 'lit';
import { chooseNetwork } from '../../shared/network-choice';
import { DEFAULT_SETTINGS, type BackendReport, type CameraFrame } from '../../shared/protocol';
import { describeError, isStylizerError } from '../../shared/errors';
import type { StylizerClient } from '../connection/stylizer-client';
import { WorkerConnection } from '../connection/worker-connection';
import { OutputController, stylizedPictureSize } from '../outputs/output-controller';
import { outputStyles } from '../outputs/output-styles';
import { SourceActions } from '../sources/source-actions';
import { SourceController } from '../sources/source-controller';
import { BackgroundStyle } from '../styles/background-style';
import { FavouriteStyles } from '../styles/favourite-styles';
import { loadStyleCatalogue, startingStyleProblem, type StyleEntry } from '../styles/style-catalogue';
import { PictureDropController } from '../styles/picture-drop-controller';
import { DEFAULT_CYCLE_SETTINGS, StyleCycler } from '../styles/style-cycler';
import { StyleLibraryController } from '../styles/style-library-controller';
import { openUserStyleStore } from '../styles/user-style-store';
import { renderAppPage } from './app-page';
import { AppUpdates } from './app-updates';
import { appStyles } from './app-styles';
import { FullscreenController } from './fullscreen-controller';
import { fallbackNotice, messageForError, statsNotices } from './messages';
import { KeyboardShortcuts } from './keyboard-shortcuts';
import { OutputView } from './output-view';
import { loadKeptSettings, SettingsPersistence } from './settings-persistence';
import { nextStylizeRegion } from './quality-controls';
import { SettingsSync } from './settings-sync';
import { TabVisibility } from './tab-visibility';
import { keptAfterVisit, parseUrlOptions, startingSettings, visitOnlyNotice, workerOptions } from './url-options';
import { ViewOptions } from './view-options';
import { createWorkPanels } from './work-panels';

const MODEL_BASE_URL = new URL('models/', document.baseURI).href;

/** The whole app: camera (or other source) → worker → stylized canvas, with its controls. */
class StylizerApp extends LitElement {
  static override properties = {
    mixerOpen: { state: true },
    notices: { state: true },
  };

  static override styles = [appStyles, outputStyles];

  declare mixerOpen: boolean;
  declare notices: string[];

  private readonly urlOptions = parseUrlOptions(location.search);
  /** Settings from the last visit; the address's own values win over them. */
  private readonly kept = loadKeptSettings();
  /** Fetched while the worker loads. */
  private readonly catalogue: Promise<StyleEntry[]> = loadStyleCatalogue(`${MODEL_BASE_URL}styles/styles.json`);
  /** The gallery is shown (the catalogue and the saved styles read); workers wait for it to get their style. */
  private stylesShown: Promise<void> = Promise.resolve();
  private attachedBefore = false;
  /** What the controls show; the worker is sent only the fields that change. */
  private readonly settings = new SettingsSync(
    this,
    (changed) => this.run(this.connection.client?.api.setSettings(changed)),
    startingSettings(this.urlOptions, this.kept?.processing),
    // A frame rate from the address or the slider; until then each backend's own default applies.
    this.urlOptions.targetFps !== undefined || this.kept?.frameRateChosen === true,
  );
  private readonly view = new ViewOptions(this, this.kept);
  private readonly source = new SourceController(this);
  private readonly sourceActions = new SourceActions(this.source, {
    paused: () => this.run(this.connection.client?.api.pause()),
    pickFile: (kind) => this.renderRoot.querySelector<HTMLInputElement>(kind === 'file' ? '#source-video' : '#source-picture')?.click(),
    changed: () => this.requestUpdate(),
  });
  private readonly store = openUserStyleStore();
  private readonly library = new StyleLibraryController(this, this.store);
  private readonly background = new BackgroundStyle(
    () => this.library.all,
    (embedding) => this.connection.client?.api.setBackgroundStyle(embedding),
    () => this.requestUpdate(),
    this.kept?.backgroundStyleId,
  );
  private readonly favourites = new FavouriteStyles(this.store.favourites, () => this.requestUpdate());
  private readonly cycler = new StyleCycler(this, {
    styleIds: () => this.library.all.map((style) => style.id),
    favouriteIds: () => this.favourites.all,
    selectedId: () => this.library.selectedId,
    select: (id) => this.pickStyle(id),
    canSelect: () => this.connection.phase === 'ready',
  });
  private readonly fullscreen = new FullscreenController(this, {
    root: () => this.renderRoot as ShadowRoot,
    element: () => this.renderRoot.querySelector<HTMLElement>('.view.stylized'),
    failed: (text) => this.output.say(text, 'error'),
  });
  // A reactive controller: it registers itself with this element and lives as long as it does.
  protected readonly shortcuts = new KeyboardShortcuts(this, {
    previousStyle: () => this.pickStyle(this.library.neighbourId(-1)),
    nextStyle: () => this.pickStyle(this.library.neighbourId(1)),
    styleNumber: (n) => this.pickStyle(this.library.all[n - 1]?.id),
    showOriginal: (shown) => this.view.setShowOriginal(shown),
    toggleRecording: () => this.outputReady() && void this.output.toggleRecording(),
    snapshot: () => this.outputReady() && void this.output.snapshot(),
    toggleFullscreen: () => this.fullscreen.toggle(),
    toggleMirror: () => this.view.setMirror(!this.view.mirror),
    surprise: () => this.connection.phase === 'ready' && this.run(this.library.surprise()),
    toggleCycle: () => this.cycler.configure({ enabled: !this.cycler.settings.enabled }),
    togglePopOut: () => (this.outputReady() || this.output.popOut.open) && void this.output.togglePopOut(),
    toggleSource: () => this.sourceActions.toggle(),
    cycleRegion: () => this.connection.stats?.personMask.state !== 'failed' && this.settings.choose({ stylize: nextStylizeRegion(this.settings.current.stylize) }),
    openHelp: () => this.openShortcuts(),
  });
  private readonly updates = new AppUpdates(this, { live: () => this.source.state === 'live' });
  private readonly visibility = new TabVisibility(this, (hidden) => {
    // The waiting frame goes; the one in flight finishes. Nothing runs until the tab is back.
    if (hidden) this.run(this.connection.client?.api.pause());
    this.connection.resetSilenceClock();
  });
  private readonly outputView = new OutputView(this, this.urlOptions.outputView === true);
  // What the address set lasts for this visit only: those values are kept as they were before it.
  private readonly persistence = new SettingsPersistence(this, () => ({
    processing: keptAfterVisit(this.settings.current, this.urlOptions, this.kept?.processing),
    frameRateChosen: this.urlOptions.targetFps === this.settings.current.targetFps ? this.kept?.frameRateChosen === true : this.settings.frameRateChosen,
    styleId: (this.library.selectedId === this.urlOptions.styleId ? undefined : this.library.selectedId) || (this.kept?.styleId ?? ''),
    backgroundStyleId: this.background.id,
    view: this.view.mode,
    mirror: this.view.mirror,
    cycle: this.cycler.settings,
  }));
  private readonly drops = new PictureDropController(this, (picture) => this.run(this.library.addFile(picture)), {
    contains: (event) => event.composedPath().some((node) => node instanceof HTMLElement && node.classList.contains('stills')),
    take: (file) => this.stills.choose(file),
  });
  private readonly connection = new WorkerConnection(this, {
    canvas: () => this.renderRoot.querySelector('canvas'),
    initOptions: () => workerOptions(MODEL_BASE_URL, this.settings.forNewWorker(), this.urlOptions),
    attach: (client, report) => this.attach(client, report),
    detach: () => this.detach(),
    notify: (text) => this.notify(text),
    describe: (error) => (isStylizerError(error) ? messageForError(error) : describeError(error)),
    paused: () => this.visibility.hidden,
    // An engine that failed to load or run at the engine choice is said (once: the same notice is not added twice).
    statsArrived: (stats) => {
      statsNotices(stats).forEach((text) => this.notify(text));
      // Another network may run now (picked mid-stream): its own default frame rate, unless one was chosen.
      this.settings.backendReady({ backend: stats.backend, network: stats.network, engine: stats.engine });
    },
  });
  private readonly panels = createWorkPanels(this, {
    modelBaseUrl: MODEL_BASE_URL,
    backend: () => this.connection.report?.name,
    settings: () => this.settings.current,
    look: () => this.library.lookEmbedding,
    predict: (picture) => this.requireClient().predictStyle(picture),
    stylePicture: () => this.library.selectedPicture(),
    stats: () => this.connection.stats,
  });
  private readonly stills = this.panels.stills;
  private readonly videoRender = this.panels.videoRender;
  private readonly output = new OutputController(this, {
    canvas: () => this.renderRoot.querySelector<HTMLCanvasElement>('canvas'),
    snapshot: () => this.requireClient().api.snapshot(),
    sourceAudio: () => this.source.audioTracks(),
    sourceVideo: () => this.source.videoTrack(),
    renderAfter: (recording, from, to) => void this.videoRender.renderRecording(recording.blob, recording.name, from, to),
    frameRate: () => this.settings.current.targetFps,
    pictureSize: () => stylizedPictureSize(this.renderRoot.querySelector('canvas'), this.connection.stats !== null, this.source.video),
  });

  constructor() {
    super();
    this.mixerOpen = false;
    // Straight into the settings: the cycler starts its timer when the app is connected.
    if (this.kept) this.cycler.settings = { ...this.kept.cycle };
    this.notices = [...this.urlOptions.problems, visitOnlyNotice(this.urlOptions) ?? ''].filter((text) => text !== '');
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.source.onStopped = () => {
      if (this.output.recorder.recording) void this.output.stopRecording('The source stopped, so the recording stopped; it is saved below.');
    };
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.source.onStopped = null;
  }

  protected override firstUpdated(): void {
    void this.connection.start();
    this.stylesShown = this.showStyles();
  }


  /** A ready worker: the first gets the catalogue and the first style, a restarted one the style that was on screen. */
  private async attach(client: StylizerClient, report: BackendReport): Promise<void> {
    const notice = fallbackNotice(report);
    if (notice) this.notify(notice);
    this.settings.backendReady({ backend: report.name, network: report.network, engine: report.engine });
    const setStyle = (id: string | null, embedding: Float32Array) => (this.videoRender.looks.record(embedding), client.api.setStyle(id, embedding));
    const target = { setStyle, dropStyle: (id: string) => client.api.dropStyle(id), predictStyle: client.predictStyle };
    const firstWorker = !this.attachedBefore;
    this.attachedBefore = true;
    await this.stylesShown;
    await this.library.reconnect(target);
    await this.background.sendCurrent();
    // A browser source in streaming software has nobody to press Start camera.
    if (firstWorker && this.outputView.active && !this.source.busy) this.sourceActions.start(this.source.kind);
    this.output.canvasAttached();
    this.source.onFrame = (frame) => this.forwardFrame(client, frame);
  }

  /**
   * The gallery as soon as the catalogue is here, before any network (the pictures need none): the
   * style from the address, else the one kept from last time, picked and handed to each worker once ready.
   */
  private async showStyles(): Promise<void> {
    const catalogue = await this.catalogue;
    const { styleId } = this.urlOptions;
    const problem = startingStyleProblem(catalogue, styleId);
    if (problem) this.notify(problem);
    await Promise.all([this.library.show(catalogue, styleId ?? this.kept?.styleId), this.favourites.load()]);
  }

  private detach(): void {
    this.source.onFrame = null;
    void this.output.canvasReplaced();
  }

  private notify(text: string): void {
    if (!this.notices.includes(text)) this.notices = [...this.notices, text];
  }

  private forwardFrame(client: StylizerClient, frame: CameraFrame): void {
    if (this.visibility.hidden) frame.close();
    else client.sendFrame(frame);
  }

  /** Runs a call to the worker; a refusal becomes the error line, never an unhandled rejection. */
  private run(action: Promise<unknown> | undefined): void {
    void action?.catch((error: unknown) => this.connection.showError(error));
  }

  private addFiles(files: Iterable<File>): void {
    for (const file of files) this.run(this.library.addFile(file));
  }

  /** Back to the defaults (the backend's own frame rate, the first style), and nothing kept. */
  private resetSettings(): void {
    this.persistence.reset();
    const report = this.connection.report;
    this.settings.reset(report ? { backend: report.name, network: chooseNetwork(DEFAULT_SETTINGS.network, report.name).network, engine: report.engine } : undefined);
    this.view.reset();
    this.cycler.configure(DEFAULT_CYCLE_SETTINGS);
    this.pickStyle(this.library.builtIns[0]?.id);
  }

  private pickStyle(id: string | undefined): void {
    if (id !== undefined && this.connection.phase === 'ready') this.run(this.library.select(id));
  }

  private requireClient(): StylizerClient {
    const client = this.connection.client;
    if (!client) throw new Error('the stylizer is not running');
    return client;
  }

  /** Recording and snapshots need a stylized frame, as their buttons do. */
  private outputReady(): boolean {
    return this.connection.phase === 'ready' && (this.connection.stats?.framesStylized ?? 0) > 0;
  }

  override render() {
    return renderAppPage({
      connection: this.connection,
      source: this.source,
      sourceActions: this.sourceActions,
      settings: this.settings,
      view: this.view,
      fullscreen: this.fullscreen,
      outputView: this.outputView,
      output: this.output,
      stills: this.stills,
      videoRender: this.videoRender,
      library: this.library,
      favourites: this.favourites,
      cycler: this.cycler,
      drops: this.drops,
      notices: this.notices,
      background: this.background,
      updates: this.updates,
      hidden: this.visibility.hidden,
      mixerOpen: this.mixerOpen,
      toggleMixer: () => (this.mixerOpen = !this.mixerOpen),
      openShortcuts: () => this.openShortcuts(),
      resetSettings: () => this.resetSettings(),
      addFiles: (files) => this.addFiles(files),
      run: (action) => this.run(action),
    });
  }

  private openShortcuts(): void {
    this.renderRoot.querySelector<HTMLDialogElement>('dialog.shortcuts')?.showModal();
  }
}

customElements.define('stylizer-app', StylizerApp);

declare global {
  interface HTMLElementTagNameMap {
    'stylizer-app': StylizerApp;
  }
}
