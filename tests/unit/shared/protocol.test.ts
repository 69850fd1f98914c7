import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isBackendName, isStylizerError, type StylizerError } from '../../../src/shared/protocol';

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

});
