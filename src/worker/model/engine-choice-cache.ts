import * as tf from '@tensorflow/tfjs';
import { createStore, get, set } from 'idb-keyval';
import type { CachedEngineChoice, EngineChoiceCache } from './engine-selection';

/**
 * Engine decisions in this browser's IndexedDB (numbers only: which engine, how fast). Where
 * storage is blocked, nothing is kept and each load measures again.
 */
export function openEngineChoiceCache(): EngineChoiceCache {
  let store: ReturnType<typeof createStore> | null = null;
  try {
    store = createStore('live-stylizer-engines', 'choices');
  } catch {
    store = null;
  }
  return {
    get: async (key) => (store ? await get<CachedEngineChoice>(key, store) : undefined),
    set: async (key, value) => {
      if (store) await set(key, value, store);
    },
  };
}

/** The same network, browser, cores, threads, library versions and processing size get the same decision. */
export function engineCacheKey(parts: { network: string; threads: number | null; shortSide: number; ortVersion: string; litertVersion: string }): string {
  return ['v3', parts.network, navigator.userAgent, navigator.hardwareConcurrency, parts.threads ?? 0, parts.shortSide, `tfjs-${tf.version.tfjs}`, `ort-${parts.ortVersion}`, `litert-${parts.litertVersion}`].join('|');
}
