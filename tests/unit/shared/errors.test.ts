import { describe, expect, it } from 'vitest';
import { CodedError, describeError, toStylizerError } from '../../../src/shared/errors';

describe('describeError', () => {
  it('reads errors, DOMExceptions, worker errors and strings alike', () => {
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError(new DOMException('Permission denied', 'NotAllowedError'))).toBe('Permission denied');
    expect(describeError(new DOMException('', 'AbortError'))).toBe('AbortError');
    expect(describeError({ code: 'frame-failed', message: 'out of memory' })).toBe('out of memory');
    expect(describeError('plain')).toBe('plain');
    expect(describeError(42)).toBe('42');
  });
});

describe('toStylizerError', () => {
  it('keeps a coded error’s code and gives anything else the fallback', () => {
    expect(toStylizerError(new CodedError('not-ready', 'wait'))).toEqual({ code: 'not-ready', message: 'wait' });
    expect(toStylizerError({ code: 'gpu-lost', message: 'gone' })).toEqual({ code: 'gpu-lost', message: 'gone' });
    expect(toStylizerError(new Error('x'), 'style-failed')).toEqual({ code: 'style-failed', message: 'x' });
  });
});
