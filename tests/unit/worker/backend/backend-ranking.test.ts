import { describe, expect, it } from 'vitest';
import { classifyAdapter, planBackends } from '../../../../src/worker/backend/backend-ranking';

describe('backend choice', () => {
  it('puts WebGPU first only on a hardware adapter', () => {
    expect(planBackends({ webgpu: 'hardware', crossOriginIsolated: true }).order[0]).toBe('webgpu');
    expect(planBackends({ webgpu: 'software', crossOriginIsolated: true }).order[0]).toBe('wasm');
    expect(planBackends({ webgpu: 'none', crossOriginIsolated: true }).order).toEqual(['wasm', 'webgl', 'cpu']);
  });

  it('explains a fallback, including missing isolation', () => {
    expect(planBackends({ webgpu: 'hardware', crossOriginIsolated: true }).reason).toBe('');
    expect(planBackends({ webgpu: 'none', crossOriginIsolated: false }).reason).toMatch(/not available.*single-threaded/);
  });

  it('honours a forced backend alone', () => {
    expect(planBackends({ webgpu: 'none', crossOriginIsolated: true }, 'webgl')).toEqual({ order: ['webgl'], reason: '' });
  });

  it('recognises software adapters', () => {
    expect(classifyAdapter(null)).toBe('none');
    expect(classifyAdapter({ vendor: 'google', architecture: 'swiftshader' })).toBe('software');
    expect(classifyAdapter({ description: 'llvmpipe (LLVM 15.0.6, 256 bits)' })).toBe('software');
    expect(classifyAdapter({ isFallbackAdapter: true, vendor: 'x' })).toBe('software');
    expect(classifyAdapter({ vendor: 'nvidia', architecture: 'hopper' })).toBe('hardware');
  });
});
