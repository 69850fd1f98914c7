import type { BackendName } from '../../shared/protocol';

type DataStore = { get(dataId: object): { values?: unknown; dtype?: string } | undefined };

/** Where each GPU backend keeps a tensor's CPU copy, when it has one. */
const STORES: Partial<Record<BackendName, string>> = { webgpu: 'tensorMap', webgl: 'texData' };

/**
 * Counts GPU→CPU readbacks: reads of tensor data (tfjs's `read`/`readSync`, behind `data()`,
 * `dataSync()`, `array()`, `toPixels`) whose values live only on the GPU. Reads of values still on
 * the CPU (the graph's small shape and padding constants, which the converter reads every run) cost
 * nothing and are not counted. WASM and CPU have no GPU, so there is nothing to count: `count` is null.
 */
export class ReadbackCounter {
  private reads = 0;
  private readonly active: boolean;

  constructor(backend: object, name: BackendName) {
    const storeName = STORES[name];
    this.active = storeName !== undefined;
    if (!storeName) return;
    const store = (backend as Record<string, DataStore>)[storeName]!;
    const target = backend as Record<string, (dataId: object) => unknown>;
    for (const method of ['read', 'readSync'] as const) {
      const original = target[method]!;
      // Patched on this one instance only: the counter lives as long as the worker's backend.
      target[method] = (dataId: object) => {
        const data = store.get(dataId);
        if (data && data.values == null && data.dtype !== 'string') this.reads++;
        return original.call(backend, dataId);
      };
    }
  }

  /** Counts from zero again (the reads of loading are not the frames'). */
  restart(): void {
    this.reads = 0;
  }

  get count(): number | null {
    return this.active ? this.reads : null;
  }
}
