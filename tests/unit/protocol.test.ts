import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isBackendName, isStylizerError, type StylizerError } from '../../src/shared/protocol';
import { messageForCameraError, messageForError } from '../../src/ui/messages';
import { classifyAdapter, planBackends } from '../../src/worker/backend-ranking';

describe('protocol guards', () => {
  it('accepts only the known error codes with a message', () => {
    expect(isStylizerError({ code: 'model-load-failed', message: 'x' })).toBe(true);
    expect(isStylizerError({ code: 'nope', message: 'x' })).toBe(false);
    expect(isStylizerError({ code: 'internal' })).toBe(false);
    expect(isStylizerError(new Error('x'))).toBe(false);
    expect(isStylizerError(null)).toBe(false);
  });

  it('survives structured cloning, as across the worker boundary', () => {
    const error: StylizerError = { code: 'frame-failed', message: 'boom' };
    expect(isStylizerError(structuredClone(error))).toBe(true);
  });

  it('knows the four backends', () => {
    expect(['webgpu', 'webgl', 'wasm', 'cpu'].every(isBackendName)).toBe(true);
    expect(isBackendName('metal')).toBe(false);
  });

  it('has a sentence for every error code', () => {
    for (const code of ERROR_CODES) {
      const text = messageForError({ code, message: 'detail' });
      expect(text.length).toBeGreaterThan(20);
    }
  });

  it('explains camera failures by their DOMException name', () => {
    const named = (name: string) => Object.assign(new Error('x'), { name });
    expect(messageForCameraError(named('NotAllowedError'))).toMatch(/denied/);
    expect(messageForCameraError(named('NotFoundError'))).toMatch(/No camera/);
    expect(messageForCameraError(named('NotReadableError'))).toMatch(/another application/);
  });
});

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
