import { ENGINE_LABELS, type BackendName, type BackendReport, type NetworkName, type StylizerStats } from '../../shared/protocol';
import { type StylizerError } from '../../shared/errors';

const BACKEND_LABELS: Record<BackendName, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly',
  cpu: 'CPU (slow)',
};

function backendLabel(name: BackendName): string {
  return BACKEND_LABELS[name];
}


const NETWORK_LABELS: Record<NetworkName, string> = { full: 'Full network', fast: 'Fast network' };

/** "WebAssembly · ONNX Runtime, 2 threads · Fast network": the backend, the transformer's engine, its threads and the network. */
export function engineLabel(report: Pick<BackendReport, 'name' | 'threads' | 'engine' | 'network'>): string {
  const threads = report.threads === null ? '' : `, ${report.threads} thread${report.threads === 1 ? '' : 's'}`;
  return `${backendLabel(report.name)} · ${ENGINE_LABELS[report.engine]}${threads} · ${NETWORK_LABELS[report.network]}`;
}

/** What a person reads when the worker reports a failure. */
export function messageForError(error: StylizerError): string {
  switch (error.code) {
    case 'backend-unavailable':
      return `This browser cannot run the style network: ${error.message}`;
    case 'model-load-failed':
      return `The style networks could not be loaded. ${error.message} Press Retry to try again.`;
    case 'not-ready':
      return 'The style networks are still loading; try again in a moment.';
    case 'invalid-argument':
      return `That setting was not accepted: ${error.message}`;
    case 'frame-failed':
      return `A video frame could not be stylized; the stream goes on. (${error.message})`;
    case 'style-failed':
      return `That picture could not be turned into a style. (${error.message})`;
    case 'gpu-lost':
      return `The graphics device was lost (${error.message}); the stylizer is starting again.`;
    case 'cancelled':
      return 'Stopped: Cancel was pressed before the work finished.';
    case 'internal':
      return `Something went wrong in the stylizer: ${error.message}`;
  }
}

/** Why this backend (the engine's own fallback arrives with the stats, see stylizer-app). */
export function fallbackNotice(report: BackendReport): string {
  return report.forced ? `Using ${backendLabel(report.name)}, as the address asks.` : report.fallbackReason;
}

/** What a stats report has to tell the person once: an engine that fell back, a segmentation network that failed. */
export function statsNotices(stats: StylizerStats): string[] {
  return [
    stats.engineChoice.fallbackReason,
    stats.personMask.state === 'failed' ? `Person segmentation could not be loaded, so the whole frame is stylized. ${stats.personMask.reason}` : '',
  ].filter((text) => text !== '');
}

export function formatStatus(stats: StylizerStats, report: BackendReport): string {
  const parts = [
    // The stats say which network runs now (a person may switch mid-stream).
    `Backend: ${engineLabel({ ...report, engine: stats.engine, network: stats.network })}`,
    `${stats.fps.toFixed(1)} fps`,
    `${Math.round(stats.msPerFrame)} ms per frame`,
  ];
  if (stats.width > 0) parts.push(`${stats.width}×${stats.height}${stats.adaptive ? ' (adaptive)' : ''}`);
  parts.push(`${stats.framesStylized} frames`, `${stats.framesDropped} dropped`, `${stats.tensors} tensors`);
  // Said, since it halves what the machine can do: adaptive resolution then steps the size down.
  if (stats.twoStyles) parts.push('two styles: the network runs twice per frame');
  return parts.join(' · ');
}
