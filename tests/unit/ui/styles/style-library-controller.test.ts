import { describe, expect, it } from 'vitest';
import type { StyleEntry } from '../../../../src/ui/styles/style-catalogue';
import { StyleLibraryController } from '../../../../src/ui/styles/style-library-controller';
import type { UserStyleRecord, UserStyleStore } from '../../../../src/ui/styles/user-style-store';

// The look on screen (pick, mix, blend, surprise, hand-over to a new worker) and the person's own
// styles (kept, refused storage, removed), with an in-memory store and a stand-in worker.

const embedding = (value: number) => new Float32Array(100).fill(value);
const BUILT_INS: StyleEntry[] = [
  { id: 'a', name: 'Alpha', imageUrl: '/a.jpg', embedding: embedding(0), kind: 'builtin' },
  { id: 'b', name: 'Beta', imageUrl: '/b.jpg', embedding: embedding(1), kind: 'builtin' },
  { id: 'c', name: 'Gamma', imageUrl: '/c.jpg', embedding: embedding(2), kind: 'builtin' },
];

function memoryStore(saved: UserStyleRecord[] = [], options: { failList?: boolean } = {}): UserStyleStore & { records: Map<string, UserStyleRecord> } {
  const records = new Map(saved.map((record) => [record.id, record]));
  const embeddings = new Map<string, Float32Array>();
  return {
    records,
    list: async () => {
      if (options.failList) throw new Error('blocked');
      return [...records.values()];
    },
    save: async (record) => void records.set(record.id, record),
    remove: async (id) => void records.delete(id),
    embeddings: { get: async (key: string) => embeddings.get(key), set: async (key: string, value: Float32Array) => void embeddings.set(key, value) },
    favourites: { load: async () => [], save: async () => {} },
  };
}

/** The worker's style API: what it was last told to show. */
function worker() {
  const shown: { id: string | null; first: number }[] = [];
  const dropped: string[] = [];
  return {
    shown,
    dropped,
    setStyle: async (id: string | null, values: Float32Array) => void shown.push({ id, first: values[0]! }),
    dropStyle: async (id: string) => void dropped.push(id),
    predictStyle: async () => embedding(9),
  };
}

function setup(store = memoryStore()) {
  const host = { addController: () => {}, removeController: () => {}, requestUpdate: () => {}, updateComplete: Promise.resolve(true) };
  return { library: new StyleLibraryController(host, store), store };
}

const userRecord = (id: string, value: number): UserStyleRecord => ({ id, name: `Mine ${id}`, thumbnail: new Blob(['x']), embedding: embedding(value), origin: 'picture', createdAt: 0 });

describe('StyleLibraryController', () => {
  it('shows the kept pick before any worker, and hands the look to each worker that connects', async () => {
    const { library } = setup();
    await library.show(BUILT_INS, 'b');
    expect(library.selectedId).toBe('b');
    expect(library.announcement).toBe('Style: Beta');
    const first = worker();
    await library.reconnect(first);
    expect(first.shown).toEqual([{ id: 'b', first: 1 }]);
    // A mix, then a restarted worker: it gets the mix, not the last single style.
    await library.mix(new Map([['a', 1], ['c', 1]]));
    const second = worker();
    await library.reconnect(second);
    expect(second.shown).toEqual([{ id: null, first: 1 }]);
    expect(library.selectedId).toBe('');
    expect(library.announcement).toBe('Style: a mix');
  });

  it('blends two styles by t, and a blend of a style with itself is that style', async () => {
    const { library } = setup();
    await library.show(BUILT_INS);
    const target = worker();
    await library.reconnect(target);
    await library.blend('a', 'c', 0.25);
    expect(target.shown.at(-1)).toEqual({ id: null, first: 0.5 });
    expect([...library.weights]).toEqual([['a', 0.75], ['c', 0.25]]);
    await library.blend('b', 'b', 0.5);
    expect(target.shown.at(-1)).toEqual({ id: 'b', first: 1 });
  });

  it('refuses an empty mix with a sentence and leaves the look as it was', async () => {
    const { library } = setup();
    await library.show(BUILT_INS);
    const target = worker();
    await library.reconnect(target);
    await library.mix(new Map([['a', 0], ['b', 0]]));
    expect(library.message).toEqual({ text: 'Give at least one style a weight above 0 to mix.', tone: 'error' });
    expect(library.selectedId).toBe('a');
    expect(target.shown).toHaveLength(1);
  });

  it('Surprise me mixes two or three known styles', async () => {
    const { library } = setup();
    await library.show(BUILT_INS);
    await library.reconnect(worker());
    let seed = 0.3;
    await library.surprise(() => (seed = (seed * 7.1) % 1));
    expect(library.weights.size).toBeGreaterThanOrEqual(2);
    expect(library.weights.size).toBeLessThanOrEqual(3);
    expect([...library.weights.keys()].every((id) => BUILT_INS.some((style) => style.id === id))).toBe(true);
  });

  it('lists the kept styles after the built-in ones; removing the one on screen goes back to the first built-in and tells the worker', async () => {
    const store = memoryStore([userRecord('mine', 5)]);
    const { library } = setup(store);
    await library.show(BUILT_INS, 'mine');
    const target = worker();
    await library.reconnect(target);
    expect(library.all.map((style) => style.id)).toEqual(['a', 'b', 'c', 'mine']);
    expect(library.userStyles[0]!.imageUrl).toMatch(/^blob:/);
    await library.remove('mine');
    expect(store.records.has('mine')).toBe(false);
    expect(library.selectedId).toBe('a');
    expect(target.dropped).toEqual(['mine']);
    expect(library.message?.text).toBe('Removed “Mine mine”.');
  });

  it('says so when the browser will not read its storage, and still shows the built-in styles', async () => {
    const { library } = setup(memoryStore([], { failList: true }));
    await library.show(BUILT_INS);
    expect(library.message?.tone).toBe('error');
    expect(library.message?.text).toMatch(/could not be read/);
    expect(library.all).toHaveLength(3);
    expect(library.selectedId).toBe('a');
  });
});
