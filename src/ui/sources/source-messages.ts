import { describeError } from '../../shared/errors';

/** getUserMedia's DOMException names, in words. */
export function messageForCameraError(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Camera access was denied. Allow the camera for this site in your browser settings, then press "Start camera" again.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No camera was found. Connect a camera, then press "Start camera" again.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The camera could not be opened; another application may be using it. Close it, then press "Start camera" again.';
    case 'TypeError':
      return 'This page cannot use the camera here: it must be opened over https or from localhost.';
    default:
      return `The camera could not be started: ${describeError(error)}`;
  }
}

/** getDisplayMedia's refusals, in words. */
export function messageForScreenError(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError') return 'Screen sharing was cancelled or not allowed. Choose "Screen or window" again to pick what to share.';
  if (name === 'TypeError') return 'This browser cannot share the screen here: it must be opened over https or from localhost.';
  return `The screen could not be shared: ${describeError(error)}`;
}
