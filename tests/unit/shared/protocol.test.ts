import { describe, expect, it } from 'vitest';
import { isBackendName, isEngineName } from '../../../src/shared/protocol';
import { isStylizerError } from '../../../src/shared/errors';

describe('protocol guards', () => {
  it('accepts only the known error codes with a message', () => {
    expect(isStylizerError({ code: 'model-load-failed', message: 'x' })).toBe(true);
    expect(isStylizerError({ code: 'nope', message: 'x' })).toBe(false);
    expect(isStylizerError({ code: 'internal' })).toBe(false);
    expect(isStylizerError(new Error('x'))).toBe(false);
    expect(isStylizerError(null)).toBe(false);
  });

  it('knows the four backends and the three engines', () => {
    expect(['webgpu', 'webgl', 'wasm', 'cpu'].every(isBackendName)).toBe(true);
    expect(isBackendName('metal')).toBe(false);
    expect(['tfjs', 'onnx', 'litert'].every(isEngineName)).toBe(true);
    expect(isEngineName('tensorrt')).toBe(false);
  });

});
