import type { ErrorCode, StylizerError } from '../shared/protocol';
import { isStylizerError } from '../shared/protocol';
import { BackendUnavailableError } from './backend-setup';
import { ModelLoadError } from './style-transfer-model';

export class CodedError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CodedError';
  }
}

/** Turns anything thrown in the worker into the plain `{ code, message }` that crosses the boundary. */
export function toStylizerError(error: unknown, fallback: ErrorCode = 'internal'): StylizerError {
  if (isStylizerError(error)) return { code: error.code, message: error.message };
  if (error instanceof CodedError) return { code: error.code, message: error.message };
  if (error instanceof ModelLoadError) return { code: 'model-load-failed', message: error.message };
  if (error instanceof BackendUnavailableError) return { code: 'backend-unavailable', message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: fallback, message };
}
