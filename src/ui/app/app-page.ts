import { html, nothing } from 'lit';
import type { ProcessingSettings } from '../../shared/protocol';
import type { WorkerConnection } from '../connection/worker-connection';
import type { OutputController } from '../outputs/output-controller';
import { renderOutputPanel } from '../outputs/output-panel';
import type { SourceActions } from '../sources/source-actions';
import type { SourceController } from '../sources/source-controller';
import { renderSourceControls } from '../sources/source-controls';
import type { RenderController } from '../render/render-controller';
import { renderRenderPanel } from '../render/render-panel';
import type { StillsController } from '../stills/stills-controller';
import { renderStillsPanel } from '../stills/stills-panel';
import { renderBackgroundStyle, type BackgroundStyle } from '../styles/background-style';
import { renderCycleControls } from '../styles/cycle-controls';
import type { FavouriteStyles } from '../styles/favourite-styles';
import type { PictureDropController } from '../styles/picture-drop-controller';
import { renderStyleControls } from '../styles/style-controls';
import type { StyleCycler } from '../styles/style-cycler';
import type { StyleLibraryController } from '../styles/style-library-controller';
import { renderErrors, renderLoadProgress, renderPlaceholder, statusText } from './app-text';
import type { AppUpdates } from './app-updates';
import type { FullscreenController } from './fullscreen-controller';
import { renderShortcutsDialog } from './keyboard-shortcuts';
import type { OutputView } from './output-view';
import { renderQualityControls } from './quality-controls';
import type { SettingsSync } from './settings-sync';
import { renderProcessingControls, renderViewControls, renderViews, type ViewActions, type ViewState } from './view-controls';
import type { ViewOptions } from './view-options';

/** The parts of the app the page shows, each panel given its own controller. */
export interface AppPageParts {
  connection: WorkerConnection;
  source: SourceController;
  sourceActions: SourceActions;
  settings: SettingsSync;
  view: ViewOptions;
  fullscreen: FullscreenController;
  outputView: OutputView;
  output: OutputController;
  stills: StillsController;
  videoRender: RenderController;
  library: StyleLibraryController;
  favourites: FavouriteStyles;
  cycler: StyleCycler;
  drops: PictureDropController;
  notices: readonly string[];
  updates: AppUpdates;
  background: BackgroundStyle;
  /** The tab is hidden: the status line says the stream waits for it. */
  hidden: boolean;
  mixerOpen: boolean;
  toggleMixer(): void;
  openShortcuts(): void;
  resetSettings(): void;
  addFiles(files: Iterable<File>): void;
  /** Runs a call to the worker; a refusal becomes the error line. */
  run(action: Promise<unknown> | undefined): void;
}

/** The page: the video with its outputs and photo panel, and the controls beside it. */
export function renderAppPage(app: AppPageParts) {
  const { connection, source, settings, library, output, drops } = app;
  const { phase, stats } = connection;
  const live = source.state === 'live';
  const view = viewState(app, live);
  const actions = viewActions(app);
  const choose = (change: Partial<ProcessingSettings>, send?: boolean) => settings.choose(change, send);
  return html`
    <div class="page ${app.outputView.classes} ${drops.dropping ? 'dropping' : ''}" @dragover=${drops.onDragOver} @dragleave=${drops.onDragLeave} @drop=${drops.onDrop}>
    <h1>Live style transfer</h1>
    ${app.notices.map((notice) => html`<p class="notice">${notice}</p>`)}
    ${app.updates.offer ? html`<p class="notice">${app.updates.offer} <button @click=${() => app.updates.reload()}>Reload</button></p>` : nothing}
    ${renderErrors(connection, source.error)}
    <div class="layout">
      <section aria-label="Video">
        ${renderViews(view, actions)}
        <p class="status" role="status">${statusText(connection, source, app.hidden)}</p>
        ${renderOutputPanel(output, {
          ready: phase === 'ready' && (stats?.framesStylized ?? 0) > 0, live, fullscreen: app.fullscreen.active, onFullscreen: () => app.fullscreen.toggle(),
          liveFps: stats && stats.framesStylized > 0 ? stats.fps : null, sourceFps: source.frameRate(),
        })}
        ${renderStillsPanel(app.stills, { ready: phase === 'ready' && library.lookEmbedding !== null, live, video: source.video })}
        ${renderRenderPanel(app.videoRender, { ready: phase === 'ready' && library.lookEmbedding !== null })}
      </section>
      <section class="controls" aria-label="Controls">
        ${renderLoadProgress(connection)}
        ${renderSourceControls(source, app.sourceActions)}
        ${renderViewControls(view, actions)}
        ${renderProcessingControls(settings.current, choose)}
        ${renderQualityControls(settings.current, choose, stats?.personMask ?? null)}
        ${settings.current.stylize === 'both' ? renderBackgroundStyle(app.background, library.all, (action) => app.run(action)) : nothing}
        <div class="row">
          <button @click=${() => app.openShortcuts()}>Keyboard shortcuts</button>
          <button @click=${() => app.resetSettings()}>Reset settings</button>
        </div>
        ${renderStyleControls(
          library,
          { ready: phase === 'ready', styleStrength: settings.current.styleStrength, crossfadeMs: settings.current.crossfadeMs, mixerOpen: app.mixerOpen,
            favourites: app.favourites, cycleControls: renderCycleControls(app.cycler, app.favourites.all.size) },
          {
            setStrength: (styleStrength) => settings.choose({ styleStrength }),
            setCrossfade: (crossfadeMs, commit) => settings.choose({ crossfadeMs }, commit),
            toggleMixer: () => app.toggleMixer(),
            addFiles: (files) => app.addFiles(files),
            run: (action) => app.run(action),
          },
        )}
      </section>
    </div>
    ${drops.dropping ? html`<div class="drop-hint" aria-hidden="true">Drop the picture to add it as a style (on the Photo panel: to stylize it)</div>` : nothing}
    <div class="visually-hidden style-announcement" aria-live="polite">${library.announcement}</div>
    ${renderShortcutsDialog()}
    </div>
  `;
}

function viewState(app: AppPageParts, live: boolean): ViewState {
  return {
    mode: app.view.mode,
    split: app.view.split,
    mirror: app.view.mirror,
    showOriginal: app.view.showOriginal,
    fullscreen: app.fullscreen.active,
    generation: app.connection.generation,
    video: app.source.video,
    placeholder: renderPlaceholder(app.connection, app.source, live),
  };
}

function viewActions(app: AppPageParts): ViewActions {
  return {
    setMode: (mode) => app.view.setMode(mode),
    setSplit: (split) => app.view.setSplit(split),
    setMirror: (mirror) => app.view.setMirror(mirror),
    toggleFullscreen: () => app.fullscreen.toggle(),
  };
}
