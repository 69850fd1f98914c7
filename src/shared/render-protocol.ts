/**
 * The contract between the page and the render worker, which stylizes every frame of a video file
 * (not the live sample) and writes a new file: its own worker and backend, beside the live video.
 */
import type { BackendName, NetworkPreference, ProcessingSettings } from './protocol';

/** Output resolutions offered: the file's own (up to 1080p), or its short side brought down to one of these. */
export const RENDER_RESOLUTIONS = [
  { id: 'source', label: 'Source', shortSide: null },
  { id: '720', label: '720p', shortSide: 720 },
  { id: '480', label: '480p', shortSide: 480 },
] as const;
export type RenderResolution = (typeof RENDER_RESOLUTIONS)[number]['id'];
/** The source resolution is kept up to this short side (1080p). */
export const MAX_RENDER_SHORT_SIDE = 1080;

/** The network's short side when rendering: time is not the limit, so above the live default. */
export const RENDER_PROCESSING_SIZES = [256, 384, 512] as const;
export const DEFAULT_RENDER_PROCESSING_SIZE = 384;

export interface RenderInitOptions {
  modelBaseUrl: string;
  /** The live stylizer's backend, so both run on the same kind of device. */
  backend?: BackendName;
  network: NetworkPreference;
}

/** What the page learns of a file before rendering it. */
export interface VideoFacts {
  width: number;
  height: number;
  /** Frames in the file (counted from its index, not estimated from the rate). */
  frames: number;
  durationS: number;
  /** Mean frames per second. */
  fps: number;
  /** The video codec, as the container names it (avc, vp9, hevc…). */
  codec: string;
  /** The file carries sound (copied unchanged into the result). */
  audio: boolean;
}

/** A look from `atS` seconds of the video on: the style (or mix) at full strength, blended in over the crossfade. */
export interface RenderLook {
  atS: number;
  embedding: Float32Array;
}

/** The live settings that shape each frame; the size ones are the render's own. */
export type RenderQuality = Pick<ProcessingSettings, 'styleStrength' | 'crossfadeMs' | 'reduceFlicker' | 'keepColours' | 'detail' | 'stylize'>;

export interface RenderRequest {
  /** The video file (a Blob is passed by reference, never copied). */
  file: Blob;
  name: string;
  /** At least one; sorted by `atS`, the first at 0. */
  looks: RenderLook[];
  quality: RenderQuality;
  resolution: RenderResolution;
  /** The network's short side. */
  processingShortSide: number;
}

export interface RenderProgress {
  done: number;
  total: number;
  elapsedMs: number;
  /** Time left at the pace so far; null until a few frames are done. */
  leftMs: number | null;
}

export interface RenderResult {
  /** The new file (transferred). */
  bytes: ArrayBuffer;
  mimeType: string;
  extension: 'mp4' | 'webm';
  width: number;
  height: number;
  frames: number;
  durationS: number;
  audio: boolean;
  ms: number;
  /** Said to the person with the result: a fallback taken, or a file that ended early. */
  notes: string[];
}

export interface RenderApi {
  init(options: RenderInitOptions): Promise<{ backend: BackendName; network: string }>;
  /** Reads the file's tracks; an `{ code: 'invalid-argument' }` error says what is wrong with it. */
  inspect(file: Blob, name: string): Promise<VideoFacts>;
  /**
   * Stylizes every frame. `predict` (the live predictor) gives the content's own embedding when the
   * strength is below 1. One render at a time.
   */
  render(request: RenderRequest, onProgress: (progress: RenderProgress) => void, predict: (picture: ImageBitmap) => Promise<Float32Array>): Promise<RenderResult>;
  /** Stops the running render within a frame; it rejects with `{ code: 'cancelled' }`. */
  cancel(): Promise<void>;
  dispose(): Promise<void>;
}
