import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { DEFAULT_SETTINGS, type ProcessingSettings } from '../../shared/protocol';
import { validateSettings } from '../../shared/settings';
import { clampCycleInterval, DEFAULT_CYCLE_SETTINGS, type CycleSettings } from '../styles/style-cycler';
import type { ViewMode } from './view-controls';

/** What is kept across reloads, beside the person's own styles. */
export interface KeptSettings {
  processing: ProcessingSettings;
  /** False while the frame rate is still the backend's default (it follows the backend then). */
  frameRateChosen: boolean;
  styleId: string;
  /** The background's style in the Person and background mode ('' for the default). */
  backgroundStyleId: string;
  view: ViewMode;
  mirror: boolean;
  cycle: CycleSettings;
}

const STORAGE_KEY = 'live-stylizer.settings.v1';
const VIEW_MODES: readonly ViewMode[] = ['stylized', 'side-by-side', 'compare'];

/** Kept settings from storage, or null when there are none or they are not valid any more. */
export function loadKeptSettings(storage: Storage | null = safeLocalStorage()): KeptSettings | null {
  try {
    const raw = storage?.getItem(STORAGE_KEY);
    if (!raw) return null;
    const kept = JSON.parse(raw) as Partial<KeptSettings>;
    const processing = { ...DEFAULT_SETTINGS, ...kept.processing };
    // The worker would refuse them at load: a kept value from an older version must not break the app.
    validateSettings(processing);
    return {
      processing,
      frameRateChosen: kept.frameRateChosen === true,
      styleId: typeof kept.styleId === 'string' ? kept.styleId : '',
      backgroundStyleId: typeof kept.backgroundStyleId === 'string' ? kept.backgroundStyleId : '',
      view: VIEW_MODES.includes(kept.view as ViewMode) ? (kept.view as ViewMode) : 'stylized',
      mirror: kept.mirror === true,
      cycle: {
        enabled: kept.cycle?.enabled === true,
        intervalS: clampCycleInterval(Number(kept.cycle?.intervalS ?? DEFAULT_CYCLE_SETTINGS.intervalS)),
        favouritesOnly: kept.cycle?.favouritesOnly === true,
      },
    };
  } catch {
    return null;
  }
}

function safeLocalStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // Storage blocked by the browser's settings: nothing is kept, nothing breaks.
    return null;
  }
}

/**
 * Keeps the person's settings (style, strength, view, mirror, frame rate, resolution, the picture
 * switches, auto-cycle) in localStorage after every update of the host, so a reload comes back as it was;
 * `reset` forgets them. localStorage rather than IndexedDB: it is read synchronously before the
 * first render, so the page never shows the defaults first and then jumps.
 */
export class SettingsPersistence implements ReactiveController {
  private lastSaved = '';

  constructor(
    host: ReactiveControllerHost,
    private readonly current: () => KeptSettings,
    private readonly storage: Storage | null = safeLocalStorage(),
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const serialized = JSON.stringify(this.current());
    if (serialized === this.lastSaved) return;
    this.lastSaved = serialized;
    try {
      this.storage?.setItem(STORAGE_KEY, serialized);
    } catch {
      // Full or blocked storage: the settings last until the page is closed.
    }
  }

  reset(): void {
    try {
      this.storage?.removeItem(STORAGE_KEY);
    } catch {
      // As above.
    }
  }
}
