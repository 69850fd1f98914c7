import { CodedError } from '../shared/errors';

export function validateWasmThreads(threads: number | undefined): void {
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) {
    throw new CodedError('invalid-argument', `WebAssembly threads must be a whole number from 1, got ${String(threads)}.`);
  }
}

export function validatePipelineDepth(depth: number | undefined): void {
  if (depth !== undefined && depth !== 1 && depth !== 2) {
    throw new CodedError('invalid-argument', `The pipeline keeps 1 or 2 frames on the backend, got ${String(depth)}.`);
  }
}

export { validateSettings } from '../shared/settings';
