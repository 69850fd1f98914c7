import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../../src/shared/errors';
import { engineLabel, messageForError } from '../../../../src/ui/app/messages';
import { messageForCameraError } from '../../../../src/ui/sources/source-messages';

describe('messages', () => {
  it('has its own sentence for every error code', () => {
    const sentences = ERROR_CODES.map((code) => messageForError({ code, message: 'detail' }));
    // A code that fell through to another's case would repeat its sentence.
    expect(new Set(sentences).size).toBe(ERROR_CODES.length);
    for (const sentence of sentences) expect(sentence).toMatch(/^[A-Z]/);
  });

  it('explains camera failures by their DOMException name', () => {
    const named = (name: string) => Object.assign(new Error('x'), { name });
    expect(messageForCameraError(named('NotAllowedError'))).toMatch(/denied/);
    expect(messageForCameraError(named('NotFoundError'))).toMatch(/No camera/);
    expect(messageForCameraError(named('NotReadableError'))).toMatch(/another application/);
  });
});

describe('engineLabel', () => {
  it('names the backend, the engine, on WebAssembly its threads, and the network', () => {
    expect(engineLabel({ name: 'wasm', threads: 2, engine: 'onnx', network: 'fast' })).toBe('WebAssembly · ONNX Runtime, 2 threads · Fast network');
    expect(engineLabel({ name: 'wasm', threads: 1, engine: 'tfjs', network: 'full' })).toBe('WebAssembly · TensorFlow.js, 1 thread · Full network');
    expect(engineLabel({ name: 'webgpu', threads: null, engine: 'tfjs', network: 'full' })).toBe('WebGPU · TensorFlow.js · Full network');
  });
});
