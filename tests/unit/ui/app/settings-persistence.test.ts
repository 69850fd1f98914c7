import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../../src/shared/protocol';
import { DEFAULT_CYCLE_SETTINGS } from '../../../../src/ui/styles/style-cycler';
import { loadKeptSettings, SettingsPersistence, type KeptSettings } from '../../../../src/ui/app/settings-persistence';

/** localStorage's interface over a Map. */
function memoryStorage(): Storage & { writes: number } {
  const items = new Map<string, string>();
  return {
    writes: 0,
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem(key, value) {
      this.writes++;
      items.set(key, value);
    },
  };
}

const host = { addController: () => {}, removeController: () => {}, requestUpdate: () => {}, updateComplete: Promise.resolve(true) };

const kept: KeptSettings = {
  processing: { ...DEFAULT_SETTINGS, styleStrength: 0.7, keepColours: true, detail: 0.3, targetFps: 12 },
  frameRateChosen: true,
  styleId: 'starry_night',
  backgroundStyleId: 'great_wave',
  view: 'side-by-side',
  mirror: true,
  cycle: { enabled: true, intervalS: 45, favouritesOnly: true },
};

describe('SettingsPersistence', () => {
  it('keeps what the page shows after each update, once per change, and reads it back', () => {
    const storage = memoryStorage();
    let current = kept;
    const persistence = new SettingsPersistence(host, () => current, storage);
    persistence.hostUpdated();
    persistence.hostUpdated();
    expect(storage.writes).toBe(1);
    expect(loadKeptSettings(storage)).toEqual(kept);
    current = { ...kept, mirror: false };
    persistence.hostUpdated();
    expect(storage.writes).toBe(2);
    expect(loadKeptSettings(storage)?.mirror).toBe(false);
  });

  it('forgets everything on reset', () => {
    const storage = memoryStorage();
    const persistence = new SettingsPersistence(host, () => kept, storage);
    persistence.hostUpdated();
    persistence.reset();
    expect(loadKeptSettings(storage)).toBeNull();
  });

  it('ignores kept values the worker would refuse, and unknown views', () => {
    const storage = memoryStorage();
    storage.setItem('live-stylizer.settings.v1', JSON.stringify({ ...kept, processing: { ...kept.processing, detail: 7 } }));
    expect(loadKeptSettings(storage)).toBeNull();
    storage.setItem('live-stylizer.settings.v1', JSON.stringify({ ...kept, view: 'hologram' }));
    expect(loadKeptSettings(storage)?.view).toBe('stylized');
    storage.setItem('live-stylizer.settings.v1', '{not json');
    expect(loadKeptSettings(storage)).toBeNull();
  });

  it('adds the defaults of settings an older version did not keep', () => {
    const storage = memoryStorage();
    storage.setItem('live-stylizer.settings.v1', JSON.stringify({ processing: { styleStrength: 0.5 }, styleId: 'udnie' }));
    expect(loadKeptSettings(storage)?.processing).toEqual({ ...DEFAULT_SETTINGS, styleStrength: 0.5 });
    expect(loadKeptSettings(storage)?.cycle).toEqual(DEFAULT_CYCLE_SETTINGS);
  });

  it('brings a kept cycle interval back inside the slider', () => {
    const storage = memoryStorage();
    storage.setItem('live-stylizer.settings.v1', JSON.stringify({ ...kept, cycle: { enabled: true, intervalS: 9000 } }));
    expect(loadKeptSettings(storage)?.cycle).toEqual({ enabled: true, intervalS: 120, favouritesOnly: false });
  });
});
