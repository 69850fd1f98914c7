import { createStore, del, get, set, values, type UseStore } from 'idb-keyval';
import { EMBEDDING_LENGTH } from '../../shared/protocol';
import type { KeyValueStore } from './embedding-cache';

/** A style the person made: from a picture, or saved from a mix. Lives in IndexedDB, on this device only. */
export interface UserStyleRecord {
  id: string;
  name: string;
  thumbnail: Blob;
  embedding: Float32Array;
  origin: 'picture' | 'mix';
  createdAt: number;
}

export interface UserStyleStore {
  list(): Promise<UserStyleRecord[]>;
  save(style: UserStyleRecord): Promise<void>;
  remove(id: string): Promise<void>;
  /** Embeddings by picture hash; kept when a style is removed, so re-adding needs no prediction. */
  readonly embeddings: KeyValueStore<Float32Array>;
  /** The ids of starred styles (built-in or the person's own), the ones "Only favourites" cycles through. */
  readonly favourites: {
    load(): Promise<string[]>;
    save(ids: readonly string[]): Promise<void>;
  };
}

function isEmbedding(value: unknown): value is Float32Array {
  return value instanceof Float32Array && value.length === EMBEDDING_LENGTH && value.every(Number.isFinite);
}

/** Records written by another version, or damaged, are skipped rather than breaking the gallery. */
function isRecord(value: unknown): value is UserStyleRecord {
  const r = value as Partial<UserStyleRecord> | null;
  return (
    typeof r === 'object' && r !== null && typeof r.id === 'string' && typeof r.name === 'string' &&
    r.thumbnail instanceof Blob && isEmbedding(r.embedding) && (r.origin === 'picture' || r.origin === 'mix') &&
    typeof r.createdAt === 'number'
  );
}

const FAVOURITES_KEY = 'ids';

// idb-keyval keeps one object store per database, hence one database each.
export function openUserStyleStore(prefix = 'live-stylizer'): UserStyleStore {
  const styles: UseStore = createStore(`${prefix}-styles`, 'styles');
  const embeddings: UseStore = createStore(`${prefix}-embeddings`, 'embeddings');
  const favourites: UseStore = createStore(`${prefix}-favourites`, 'favourites');
  return {
    async list() {
      const all = await values(styles);
      return all.filter(isRecord).sort((a, b) => a.createdAt - b.createdAt);
    },
    save: (style) => set(style.id, style, styles),
    remove: (id) => del(id, styles),
    embeddings: {
      get: async (key) => {
        const value: unknown = await get(key, embeddings);
        return isEmbedding(value) ? value : undefined;
      },
      set: (key, value) => set(key, value, embeddings),
    },
    favourites: {
      load: async () => {
        const value: unknown = await get(FAVOURITES_KEY, favourites);
        return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
      },
      save: (ids) => set(FAVOURITES_KEY, [...ids], favourites),
    },
  };
}
