import { describe, expect, it } from 'vitest';
import type { EngineName } from '../../../../src/shared/protocol';
import { selectEngine, type CachedEngineChoice, type EngineSelectionOptions } from '../../../../src/worker/model/engine-selection';
import type { OnnxStyleTransformer, TfjsStyleTransformer } from '../../../../src/worker/model/style-transformer';

// The decision logic with stand-in engines and given timings; real engines are timed in the browser.

function engines(times: Record<EngineName, number>, options: { onnxFails?: boolean; cached?: CachedEngineChoice } = {}) {
  const disposed: EngineName[] = [];
  const loaded: EngineName[] = [];
  const stored = new Map<string, CachedEngineChoice>(options.cached ? [['key', options.cached]] : []);
  const tfjs = { engine: 'tfjs', stylize: () => { throw new Error('not run'); }, dispose: () => disposed.push('tfjs') } as unknown as TfjsStyleTransformer;
  const onnx = { engine: 'onnx', stylize: async () => { throw new Error('not run'); }, dispose: () => disposed.push('onnx') } as unknown as OnnxStyleTransformer;
  const base: EngineSelectionOptions = {
    backend: 'wasm',
    tfjs,
    loadOnnx: async () => {
      loaded.push('onnx');
      if (options.onnxFails) throw new Error('wasm fetch failed');
      return onnx;
    },
    time: async (candidates) => Object.fromEntries(candidates.map((candidate) => [candidate.engine, times[candidate.engine]])),
    cache: { get: async (key) => stored.get(key), set: async (key, value) => void stored.set(key, value) },
    cacheKey: 'key',
  };
  return { base, disposed, loaded, stored };
}

describe('selectEngine', () => {
  it('measures both on the first load, keeps the faster, frees the other and remembers the choice', async () => {
    const { base, disposed, stored } = engines({ tfjs: 66, onnx: 45 });
    const { transformer, choice } = await selectEngine(base);
    expect(transformer.engine).toBe('onnx');
    expect(choice).toEqual({ how: 'measured', timings: { tfjs: 66, onnx: 45 }, fallbackReason: '' });
    expect(disposed).toEqual(['tfjs']);
    expect(stored.get('key')?.engine).toBe('onnx');

    const slower = engines({ tfjs: 40, onnx: 45 });
    expect((await selectEngine(slower.base)).transformer.engine).toBe('tfjs');
    expect(slower.disposed).toEqual(['onnx']);
  });

  it('reuses a cached decision, and never downloads ONNX Runtime when tfjs won before', async () => {
    const { base, loaded } = engines({ tfjs: 1, onnx: 1 }, { cached: { engine: 'tfjs', timings: { tfjs: 40, onnx: 45 } } });
    const { transformer, choice } = await selectEngine(base);
    expect(transformer.engine).toBe('tfjs');
    expect(choice.how).toBe('cached');
    expect(loaded).toEqual([]);
  });

  it('falls back to tfjs with a reason when ONNX Runtime cannot start', async () => {
    const { base } = engines({ tfjs: 66, onnx: 45 }, { onnxFails: true });
    const { transformer, choice } = await selectEngine(base);
    expect(transformer.engine).toBe('tfjs');
    expect(choice.fallbackReason).toMatch(/ONNX Runtime could not start \(wasm fetch failed\)/);
  });

  it('honours a forced engine, and keeps tfjs on GPU backends', async () => {
    expect((await selectEngine({ ...engines({ tfjs: 10, onnx: 45 }).base, forced: 'onnx' })).transformer.engine).toBe('onnx');
    expect((await selectEngine({ ...engines({ tfjs: 99, onnx: 45 }).base, forced: 'tfjs' })).choice.how).toBe('forced');
    const gpu = engines({ tfjs: 99, onnx: 45 });
    const { transformer, choice } = await selectEngine({ ...gpu.base, backend: 'webgpu' });
    expect(transformer.engine).toBe('tfjs');
    expect(choice.how).toBe('only');
    expect(gpu.loaded).toEqual([]);
  });
});
