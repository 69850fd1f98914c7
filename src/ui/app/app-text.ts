import { html, nothing } from 'lit';
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
