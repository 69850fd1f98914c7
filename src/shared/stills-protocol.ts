/**
 * The contract between the page and the stills worker, which stylizes photos at full resolution
 * beside the live video (its own worker and backend, so a long job never holds up a frame).
 */
import type { BackendName, StylizeRegion } from './protocol';

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
  /** Which part of the photo is stylized (the live setting); the mask is the whole photo's. Everything when left out. */
  stylize?: StylizeRegion;
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

/** Where the refinement measures style: the style predictor's layers from fine to coarse texture. */
export const REFINE_LAYERS = [
  { id: 'fine', label: 'Fine' },
  { id: 'low', label: 'Small' },
  { id: 'mid', label: 'Medium' },
  { id: 'high', label: 'Large' },
] as const;
export type RefineLayer = (typeof REFINE_LAYERS)[number]['id'];
/** Long sides the refinement can work at (each step costs about as much as the size squared). */
export const REFINE_SIZES = [256, 384, 512] as const;
export const REFINE_DEFAULTS = { size: 256, iterations: 50, contentWeight: 1, styleWeight: 100 } as const;
export const MAX_REFINE_ITERATIONS = 300;

export interface RefineRequest {
  /** Long side of the refined image. */
  size: number;
  iterations: number;
  contentWeight: number;
  styleWeight: number;
  layers: RefineLayer[];
  /** The style's picture (transferred), or null for a mix: then the style embedding alone measures style. */
  stylePicture: ImageBitmap | null;
  /** The style's embedding (not pulled toward the photo: the refinement aims at the style itself). */
  embedding: Float32Array;
}

export interface RefineLossPoint {
  total: number;
  content: number;
  style: number;
  /** Squared distance of the image's style embedding to the style's (mean over the 100 numbers). */
  embeddingDistance: number;
}

export interface RefineProgress {
  iteration: number;
  iterations: number;
  loss: RefineLossPoint;
  /** The image so far, every few steps (transferred). */
  preview?: ImageBitmap;
}

export interface RefineResult {
  width: number;
  height: number;
  ms: number;
  msPerIteration: number;
  /** The loss of the starting image (the fast result) and of the refined one, measured alike. */
  start: RefineLossPoint;
  end: RefineLossPoint;
  /** Total loss at each step. */
  curve: number[];
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
  /**
   * Optimises the last result (Gatys et al.: Adam on its pixels, losses measured by the style
   * predictor) at `size`; it then becomes the result `encode` saves. Rejects with
   * `{ code: 'cancelled' }` after `cancel`.
   */
  refine(request: RefineRequest, onProgress: (progress: RefineProgress) => void): Promise<RefineResult>;
  /** The last result as a file. */
  encode(format: StillFormat): Promise<Blob>;
  dispose(): Promise<void>;
}
