import {
  BACKEND_NAMES,
  DEFAULT_SETTINGS,
  MAX_PROCESSING_SIZE,
  MAX_TARGET_FPS,
  MIN_PROCESSING_SIZE,
  MIN_TARGET_FPS,
  ENGINE_NAMES,
  NETWORK_NAMES,
  isBackendName,
  isEngineName,
  isNetworkName,
  type BackendName,
  type EngineName,
  type NetworkName,
  type InitOptions,
  type ProcessingSettings,
} from '../../shared/protocol';
import { echo } from '../common/notice-text';

interface UrlOptions {
  backend?: BackendName;
  engine?: EngineName;
  /** `?network=full|fast`: which network, over the kept choice (Automatic without it). */
  network?: NetworkName;
  shortSide?: number;
  targetFps?: number;
  adaptiveResolution?: boolean;
  /** `?view=output`: the stylized video fills the page, controls only on a key press or pointer movement. */
  outputView?: boolean;
  /** `?style=<id>`: the style to start with (checked against the styles once they are loaded). */
  styleId?: string;
  /** One sentence per parameter that was ignored, for the person who typed it. */
  problems: string[];
}

function intInRange(raw: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(raw)) return null;
  const value = Number(raw);
  return value >= min && value <= max ? value : null;
}

/**
 * `?backend=webgpu|webgl|wasm|cpu&engine=tfjs|onnx|litert&network=full|fast&resolution=32..1080&fps=1..60&adaptive=on|off`
 * `&view=output&style=<id>`; anything invalid is ignored and explained.
 */
export function parseUrlOptions(search: string): UrlOptions {
  const params = new URLSearchParams(search);
  const options: UrlOptions = { problems: [] };
  const backend = params.get('backend');
  if (backend !== null) {
    if (isBackendName(backend)) options.backend = backend;
    else options.problems.push(`Unknown backend "${echo(backend)}" in the address (use ${BACKEND_NAMES.join(', ')}); choosing one automatically.`);
  }
  const engine = params.get('engine');
  if (engine !== null) {
    if (isEngineName(engine)) options.engine = engine;
    else options.problems.push(`Unknown engine "${echo(engine)}" in the address (use ${alternatives(ENGINE_NAMES)}); choosing the fastest.`);
  }
  const network = params.get('network');
  if (network !== null) {
    if (isNetworkName(network)) options.network = network;
    else options.problems.push(`Unknown network "${echo(network)}" in the address (use ${alternatives(NETWORK_NAMES)}); choosing automatically.`);
  }
  const resolution = params.get('resolution');
  if (resolution !== null) {
    const value = intInRange(resolution, MIN_PROCESSING_SIZE, MAX_PROCESSING_SIZE);
    if (value === null) options.problems.push(`Resolution "${echo(resolution)}" in the address must be a whole number of pixels from ${MIN_PROCESSING_SIZE} to ${MAX_PROCESSING_SIZE}; using the default.`);
    else options.shortSide = value;
  }
  const fps = params.get('fps');
  if (fps !== null) {
    const value = intInRange(fps, MIN_TARGET_FPS, MAX_TARGET_FPS);
    if (value === null) options.problems.push(`Frame rate "${echo(fps)}" in the address must be a whole number from ${MIN_TARGET_FPS} to ${MAX_TARGET_FPS}; using the default.`);
    else options.targetFps = value;
  }
  const adaptive = params.get('adaptive');
  if (adaptive !== null) {
    if (adaptive === 'on' || adaptive === 'off') options.adaptiveResolution = adaptive === 'on';
    else options.problems.push(`Adaptive resolution "${echo(adaptive)}" in the address must be "on" or "off"; leaving it on.`);
  }
  const view = params.get('view');
  if (view !== null) {
    if (view === 'output') options.outputView = true;
    else options.problems.push(`View "${echo(view)}" in the address is not one this app has (use view=output); showing the whole page.`);
  }
  const style = params.get('style');
  if (style !== null) options.styleId = style;
  return options;
}

/** The settings a page starts with: the defaults, then what was kept from the last visit, then the address's values. */
export function startingSettings(options: UrlOptions, kept: ProcessingSettings | undefined): ProcessingSettings {
  return {
    ...DEFAULT_SETTINGS,
    ...kept,
    ...(options.targetFps !== undefined ? { targetFps: options.targetFps } : {}),
    ...(options.shortSide !== undefined ? { shortSide: options.shortSide } : {}),
    ...(options.adaptiveResolution !== undefined ? { adaptiveResolution: options.adaptiveResolution } : {}),
    ...(options.network !== undefined ? { network: options.network } : {}),
  };
}

/** The settings an address gave, named for the notice that says they last for this visit only; null when it gave none. */
export function visitOnlyNotice(options: UrlOptions): string | null {
  const given = [
    options.backend !== undefined ? `backend ${options.backend}` : null,
    options.engine !== undefined ? `engine ${options.engine}` : null,
    options.network !== undefined ? `${options.network} network` : null,
    options.shortSide !== undefined ? `resolution ${options.shortSide}` : null,
    options.targetFps !== undefined ? `${options.targetFps} fps` : null,
    options.adaptiveResolution !== undefined ? `adaptive resolution ${options.adaptiveResolution ? 'on' : 'off'}` : null,
  ].filter((part) => part !== null);
  return given.length === 0 ? null : `Settings from the address (${given.join(', ')}) apply to this visit only; your kept settings are unchanged.`;
}

/**
 * What is kept for the next visit: the current settings, except where the address set a value the
 * person has not changed since; there the value kept before this visit stays (the defaults if none).
 */
export function keptAfterVisit(current: ProcessingSettings, options: UrlOptions, keptBefore: ProcessingSettings | undefined): ProcessingSettings {
  const before = { ...DEFAULT_SETTINGS, ...keptBefore };
  const fromAddress = startingSettings(options, undefined);
  const kept = { ...current };
  const restore = <K extends keyof ProcessingSettings>(key: K, given: unknown): void => {
    if (given !== undefined && current[key] === fromAddress[key]) kept[key] = before[key];
  };
  restore('targetFps', options.targetFps);
  restore('shortSide', options.shortSide);
  restore('adaptiveResolution', options.adaptiveResolution);
  restore('network', options.network);
  return kept;
}

/** What a new worker starts with: the models' folder, the settings, and the backend and engine the address forces. */
export function workerOptions(modelBaseUrl: string, settings: ProcessingSettings, options: UrlOptions): InitOptions {
  const { backend, engine } = options;
  return { modelBaseUrl, settings, ...(backend ? { backend } : {}), ...(engine ? { engine } : {}) };
}

/** "a, b or c". */
function alternatives(names: readonly string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : (names[0] ?? '');
}
