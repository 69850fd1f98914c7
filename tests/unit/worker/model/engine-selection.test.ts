import { describe, expect, it } from 'vitest';
import type { EngineName } from '../../../../src/shared/protocol';
import { selectEngine, type AsyncEngineName, type CachedEngineChoice, type EngineSelectionOptions } from '../../../../src/worker/model/engine-selection';
import type { AsyncStyleTransformer, TfjsStyleTransformer } from '../../../../src/worker/model/style-transformer';

// The decision logic with stand-in engines and given timings; real engines are timed in the browser.

type Times = Partial<Record<EngineName, number>>;

function engines(times: Times, options: { fails?: AsyncEngineName[]; cached?: CachedEngineChoice; only?: AsyncEngineName[] } = {}) {
  const disposed: EngineName[] = [];
  const loaded: EngineName[] = [];
  const stored = new Map<string, CachedEngineChoice>(options.cached ? [['key', options.cached]] : []);
  const tfjs = { engine: 'tfjs', stylize: () => { throw new Error('not run'); }, dispose: () => disposed.push('tfjs') } as unknown as TfjsStyleTransformer;
  const stand = (engine: AsyncEngineName) => async () => {
    loaded.push(engine);
    if (options.fails?.includes(engine)) throw new Error('wasm fetch failed');
    return { engine, stylize: async () => { throw new Error('not run'); }, dispose: () => disposed.push(engine) } as unknown as AsyncStyleTransformer;
  };
  const base: EngineSelectionOptions = {
    backend: 'wasm',
    tfjs,
    loaders: Object.fromEntries((options.only ?? ['onnx', 'litert']).map((engine) => [engine, stand(engine)])),
    time: async (candidates) => Object.fromEntries(candidates.map((candidate) => [candidate.engine, times[candidate.engine]])),
    cache: { get: async (key) => stored.get(key), set: async (key, value) => void stored.set(key, value) },
    cacheKey: 'key',
  };
  return { base, disposed, loaded, stored };
}

describe('selectEngine', () => {
  it('measures every engine on the first load, keeps the fastest, frees the others and remembers the choice', async () => {
    const { base, disposed, stored } = engines({ tfjs: 66, onnx: 45, litert: 30 });
    const { transformer, choice } = await selectEngine(base);
    expect(transformer.engine).toBe('litert');
    expect(choice).toEqual({ how: 'measured', timings: { tfjs: 66, onnx: 45, litert: 30 }, fallbackReason: '' });
    expect(disposed.sort()).toEqual(['onnx', 'tfjs']);
    expect(stored.get('key')?.engine).toBe('litert');

    const slower = engines({ tfjs: 40, onnx: 45, litert: 50 });
    expect((await selectEngine(slower.base)).transformer.engine).toBe('tfjs');
    expect(slower.disposed.sort()).toEqual(['litert', 'onnx']);
  });

  it('reuses a cached decision, and downloads no engine that lost before', async () => {
    const tfjsWon = engines({}, { cached: { engine: 'tfjs', timings: { tfjs: 40, onnx: 45 } } });
    const kept = await selectEngine(tfjsWon.base);
    expect([kept.transformer.engine, kept.choice.how]).toEqual(['tfjs', 'cached']);
    expect(tfjsWon.loaded).toEqual([]);

    const litertWon = engines({}, { cached: { engine: 'litert', timings: { tfjs: 60, onnx: 45, litert: 30 } } });
    expect((await selectEngine(litertWon.base)).transformer.engine).toBe('litert');
    expect(litertWon.loaded).toEqual(['litert']);
  });

  it('leaves out an engine that cannot start, and says so', async () => {
    const { base } = engines({ tfjs: 66, onnx: 45, litert: 30 }, { fails: ['litert'] });
    const { transformer, choice } = await selectEngine(base);
    expect(transformer.engine).toBe('onnx');
    expect(choice.fallbackReason).toBe('LiteRT could not start (wasm fetch failed); ONNX Runtime runs the transformer.');

    const none = await selectEngine(engines({ tfjs: 66 }, { fails: ['onnx', 'litert'] }).base);
    expect([none.transformer.engine, none.choice.how]).toEqual(['tfjs', 'only']);
    expect(none.choice.fallbackReason).toMatch(/ONNX Runtime could not start .* LiteRT could not start .* TensorFlow.js runs the transformer\.$/);
  });

  it('measures again when the cached engine no longer starts', async () => {
    const { base, stored } = engines({ tfjs: 66, onnx: 45 }, { fails: ['litert'], cached: { engine: 'litert', timings: {} } });
    expect((await selectEngine(base)).transformer.engine).toBe('onnx');
    expect(stored.get('key')?.engine).toBe('onnx');
  });

  it('honours a forced engine, says when the network has no form for it, and keeps tfjs on GPU backends', async () => {
    expect((await selectEngine({ ...engines({ tfjs: 10, onnx: 45 }).base, forced: 'onnx' })).transformer.engine).toBe('onnx');
    expect((await selectEngine({ ...engines({ tfjs: 10, litert: 45 }).base, forced: 'litert' })).transformer.engine).toBe('litert');
    expect((await selectEngine({ ...engines({ tfjs: 99, onnx: 45 }).base, forced: 'tfjs' })).choice.how).toBe('forced');
    const noForm = await selectEngine({ ...engines({}, { only: ['onnx'] }).base, forced: 'litert' });
    expect(noForm.transformer.engine).toBe('tfjs');
    expect(noForm.choice.fallbackReason).toBe('LiteRT cannot run this network; TensorFlow.js runs the transformer.');
    const gpu = engines({ tfjs: 99, onnx: 45 });
    const { transformer, choice } = await selectEngine({ ...gpu.base, backend: 'webgpu', forced: 'litert' });
    expect(transformer.engine).toBe('tfjs');
    expect(choice.how).toBe('forced');
    expect(choice.fallbackReason).toBe('LiteRT runs only beside the WebAssembly backend, not webgpu; TensorFlow.js runs the transformer.');
    expect(gpu.loaded).toEqual([]);
  });
});
