/**
 * The contract between the page and the stills worker, which stylizes photos at full resolution
 * beside the live video (its own worker and backend, so a long job never holds up a frame).
 */
import type { BackendName } from './protocol';

/** Photos are stylized at up to this long side; larger ones are scaled down to it first (and the person is told). */
export const MAX_PHOTO_SIDE = 4096;

export type StillFormat = 'image/png' | 'image/jpeg';
export const STILL_FORMATS: readonly { type: StillFormat; label: string; extension: string }[] = [
  { type: 'image/png', label: 'PNG', extension: 'png' },
  { type: 'image/jpeg', label: 'JPEG', extension: 'jpg' },
];

export interface StillsInitOptions {
  modelBaseUrl: string;
  /** The live stylizer's backend, so both run on the same kind of device. */
  backend?: BackendName;
}

export interface StillRequest {
  /** The look to paint with: the style (or mix), already pulled toward the photo's own by the strength. */
  embedding: Float32Array;
  keepColours: boolean;
}

export interface StillProgress {
  /** Tiles done of `total`; the overview pass counts as the first. */
  done: number;
  total: number;
}

export interface StillResult {
  width: number;
  height: number;
  tiles: number;
  ms: number;
  /** The result scaled to fit the page's preview (transferred). */
  preview: ImageBitmap;
}

export interface StillsApi {
  init(options: StillsInitOptions): Promise<{ backend: BackendName; threads: number | null }>;
  /**
   * Stylizes `photo` (transferred, closed by the worker) at its own size. Rejects with
   * `{ code: 'cancelled' }` after `cancel`. The result is kept for `encode` until the next job.
   */
  stylize(photo: ImageBitmap, request: StillRequest, onProgress: (progress: StillProgress) => void): Promise<StillResult>;
  /** Stops the running job after its current tile. */
  cancel(): Promise<void>;
  /** The last result as a file. */
  encode(format: StillFormat): Promise<Blob>;
  dispose(): Promise<void>;
}
