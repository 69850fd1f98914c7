import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../../src/shared/protocol';
import { engineLabel, messageForCameraError, messageForError } from '../../../../src/ui/app/messages';

describe('messages', () => {
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

describe('engineLabel', () => {
  it('names the backend, the engine and, on WebAssembly, its threads', () => {
    expect(engineLabel({ name: 'wasm', threads: 2, engine: 'onnx' })).toBe('WebAssembly · ONNX Runtime, 2 threads');
    expect(engineLabel({ name: 'wasm', threads: 1, engine: 'tfjs' })).toBe('WebAssembly · TensorFlow.js, 1 thread');
    expect(engineLabel({ name: 'webgpu', threads: null, engine: 'tfjs' })).toBe('WebGPU · TensorFlow.js');
  });
});
