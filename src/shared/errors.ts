export const ERROR_CODES = [
  'backend-unavailable',
  'model-load-failed',
  'not-ready',
  'invalid-argument',
  'frame-failed',
  'style-failed',
  'gpu-lost',
  /** A still job stopped because the person pressed Cancel. */
  'cancelled',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** What crosses the worker boundary when something fails: a plain, cloneable object. */
export interface StylizerError {
  code: ErrorCode;
  message: string;
}

export function isStylizerError(value: unknown): value is StylizerError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.code === 'string' &&
    (ERROR_CODES as readonly string[]).includes(candidate.code) &&
    typeof candidate.message === 'string'
  );
}

/**
 * One sentence from anything thrown or rejected: an Error, a DOMException, a `{ code, message }`
 * from the worker, a string. Used on both threads so that every message reads the same way.
 */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const message = (error).message;
    if (typeof message === 'string' && message) return message;
  }
  if (typeof error === 'string' && error) return error;
  return String(error) || 'unknown error';
}

/** An error that knows which `{ code }` it crosses the worker boundary with. */
export class CodedError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CodedError';
  }
}

/** Turns anything thrown in a worker into the plain `{ code, message }` that crosses the boundary. */
export function toStylizerError(error: unknown, fallback: ErrorCode = 'internal'): StylizerError {
  if (isStylizerError(error)) return { code: error.code, message: error.message };
  if (error instanceof CodedError) return { code: error.code, message: error.message };
  return { code: fallback, message: describeError(error) };
}
