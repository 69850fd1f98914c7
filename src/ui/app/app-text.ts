import { html, nothing } from 'lit';
import type { LoadProgress } from '../../shared/protocol';
import type { WorkerConnection } from '../connection/worker-connection';
import { SOURCE_ACTIONS } from '../sources/source-controls';
import type { SourceController } from '../sources/source-controller';
import { engineLabel, formatStatus } from './messages';

/** What the stylized view says while it has no picture to show. */
export function renderPlaceholder(connection: WorkerConnection, source: SourceController, live: boolean) {
  const { phase, progress, stats } = connection;
  if (phase === 'failed') return html`<div class="placeholder">The stylizer could not start. See the message above.</div>`;
  if (phase === 'loading') return html`<div class="placeholder">Loading the style networks… ${Math.round(progress.fraction * 100)}%</div>`;
  if (source.state === 'starting') return html`<div class="placeholder">Waiting for the ${source.kind === 'camera' ? 'camera' : 'source'}…</div>`;
  if (!live) return html`<div class="placeholder">Press “${SOURCE_ACTIONS[source.kind][0]}” to stylize it. Nothing leaves this device.</div>`;
  if (!stats || stats.framesStylized === 0) return html`<div class="placeholder">Stylizing the first frame…</div>`;
  return nothing;
}

/** The status line: loading, then the backend and the live figures. */
export function statusText(connection: WorkerConnection, source: SourceController, hidden: boolean): string {
  const { phase, report, stats, progress } = connection;
  if (phase === 'failed') return 'Stopped.';
  if (!report) return `Loading… ${Math.round(progress.fraction * 100)}%`;
  if (!stats) return `Backend: ${engineLabel(report)} · 0.0 fps`;
  if (hidden && source.state === 'live') return `Backend: ${engineLabel(report)} · paused while this tab is hidden · ${stats.framesStylized} frames`;
  return formatStatus(stats, report);
}

const STAGE_LABELS: Record<LoadProgress['stage'], string> = {
  backend: 'Starting the compute backend',
  download: 'Downloading the style networks',
  'warm-up': 'Preparing the networks',
  ready: 'Ready',
};

/** While the networks load: which stage, and a progress bar. */
export function renderLoadProgress(connection: WorkerConnection) {
  if (connection.phase !== 'loading') return nothing;
  return html`<label>${STAGE_LABELS[connection.progress.stage]}…
    <progress aria-label="Loading models" max="1" .value=${connection.progress.fraction}></progress></label>`;
}

/** The worker's error (with Retry once it gave up) and the source's, as alerts. */
export function renderErrors(connection: WorkerConnection, sourceError: string) {
  return html`
    ${connection.errorText
      ? html`<div class="error" role="alert">
          <p>${connection.errorText}</p>
          ${connection.phase === 'failed' ? html`<button class="primary" @click=${() => connection.retry()}>Retry</button>` : nothing}
        </div>`
      : nothing}
    ${sourceError ? html`<p class="error" role="alert">${sourceError}</p>` : nothing}
  `;
}
