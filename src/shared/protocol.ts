/**
 * The one contract between the UI thread and the stylizer worker (its error codes are in
 * errors.ts). UI and worker both import from here and never from each other.
 */
import type { StylizerError } from './errors';
import type { BackendName, EngineName, NetworkPreference } from './names';
import type { BackendReport, StylizerStats } from './stats';

// The contract's parts, each in its own file; importers take them all from here.
export * from './names';
export type * from './stats';

/** Short side of the frame the network sees, in pixels. */
export const PROCESSING_SIZES = [256, 384, 480] as const;
const DEFAULT_PROCESSING_SIZE = 256;
/** Sizes a URL may force (tests use tiny ones on software GPUs); anything outside is rejected. */
export const MIN_PROCESSING_SIZE = 32;
export const MAX_PROCESSING_SIZE = 1080;

const DEFAULT_TARGET_FPS = 30;
export const MIN_TARGET_FPS = 1;
export const MAX_TARGET_FPS = 60;

export const EMBEDDING_LENGTH = 100;
/** How the networks hold one embedding: [batch, 1, 1, 100]. */
export const EMBEDDING_SHAPE: [number, number, number, number] = [1, 1, 1, EMBEDDING_LENGTH];

/**
 * Style pictures are shrunk to at most this long side (high quality) before the predictor's own
 * 256-px bilinear resize, which does not antialias; the UI crops to this size and the worker
 * shrinks anything larger to it again.
 */
export const STYLE_PREPASS_SIZE = 512;

/** How long a style switch crossfades, in ms. */
const DEFAULT_CROSSFADE_MS = 300;
export const MAX_CROSSFADE_MS = 3000;

/**
 * Which part of each frame the style goes on: all of it, only the people (the background stays the
 * camera's), only the background (the people stay as they are), or both, each in its own style
 * (`setBackgroundStyle`; one more network run per frame). Found by a person-segmentation
 * network on the frame the transformer sees.
 */
export const STYLIZE_REGIONS = ['everything', 'person', 'background', 'both'] as const;
export type StylizeRegion = (typeof STYLIZE_REGIONS)[number];
/** Each region's name for people (the Stylize select, the status line). */
export const STYLIZE_REGION_LABELS: Record<StylizeRegion, string> = {
  everything: 'Everything',
  person: 'Person only',
  background: 'Background only',
  both: 'Person and background',
};

export function isStylizeRegion(value: unknown): value is StylizeRegion {
  return typeof value === 'string' && (STYLIZE_REGIONS as readonly string[]).includes(value);
}

/** A camera frame handed to the worker. It is transferred, and the worker closes it. */
export type CameraFrame = VideoFrame | ImageBitmap;

export interface ProcessingSettings {
  /** Upper bound on stylized frames per second. */
  targetFps: number;
  /** Short side of the processed frame in pixels. */
  shortSide: number;
  /** 0..1: 0 is the frame's own look (the content's embedding), 1 the full style. The UI shows it as %. */
  styleStrength: number;
  /** Time a style switch takes to blend in, 0..MAX_CROSSFADE_MS. */
  crossfadeMs: number;
  /** Step the processing size down (to half of `shortSide` at most) and back up to hold `targetFps`. */
  adaptiveResolution: boolean;
  /** Temporal stabilization: still parts of the picture keep their brush strokes from frame to frame. */
  reduceFlicker: boolean;
  /** The style's brush work in the camera's colours (luminance from the style, chroma from the camera). */
  keepColours: boolean;
  /** 0..1: how much of the camera's fine detail the upsampling to the output size adds back (0 = plain bilinear). */
  detail: number;
  /** Largest short side of the output (canvas, recordings, snapshots); the camera's own resolution below it. */
  maxOutputShortSide: number;
  /**
   * Which network stylizes the frames; `auto` picks per backend (see chooseNetwork). A change
   * mid-stream loads the other network beside the frames, then crossfades to it over `crossfadeMs`.
   */
  network: NetworkPreference;
  /** Which part of the frame is stylized (the person-segmentation network loads on first use). */
  stylize: StylizeRegion;
}

/** Output caps a person can choose; the default keeps the camera's resolution up to 1080p. */
export const OUTPUT_SHORT_SIDES = [1080, 720, 480, 360] as const;
export const DEFAULT_DETAIL = 0.6;

export const DEFAULT_SETTINGS: ProcessingSettings = {
  targetFps: DEFAULT_TARGET_FPS,
  shortSide: DEFAULT_PROCESSING_SIZE,
  styleStrength: 1,
  crossfadeMs: DEFAULT_CROSSFADE_MS,
  adaptiveResolution: true,
  reduceFlicker: true,
  keepColours: false,
  detail: DEFAULT_DETAIL,
  maxOutputShortSide: OUTPUT_SHORT_SIDES[0],
  network: 'auto',
  stylize: 'everything',
};

export interface InitOptions {
  /** URL of the folder holding style-predictor/ and style-transformer/. */
  modelBaseUrl: string;
  /** Forces one backend; without it the worker picks the fastest usable one. */
  backend?: BackendName;
  /** Forces the transformer's engine; without it the faster one, measured (on CPU backends). */
  engine?: EngineName;
  settings: ProcessingSettings;
  /**
   * Frames on the backend at once, 1 or 2. By default 2 on GPU backends (the next frame is
   * imported and submitted while the GPU computes the last one) and 1 on CPU ones, where the
   * compute holds the worker's thread and there is nothing to overlap. Benchmarks compare the two.
   */
  pipelineDepth?: number;
  /**
   * WebAssembly threads for the transformer; by default every core (when the page is
   * cross-origin isolated). Benchmarks set 1 to measure what the other cores add.
   */
  wasmThreads?: number;
}

/** `download`: both networks' files, fetched in parallel; `warm-up`: first run and shader compilation. */
export type LoadStage = 'backend' | 'download' | 'warm-up' | 'ready';

export interface LoadProgress {
  stage: LoadStage;
  /** 0..1 over the whole load. */
  fraction: number;
}

export interface StylizerEvents {
  onProgress(progress: LoadProgress): void;
  onStats(stats: StylizerStats): void;
  /** Failures that belong to no call, such as a frame that could not be stylized. */
  onError(error: StylizerError): void;
}

/** The worker's API, as seen through Comlink. Every method rejects with a StylizerError. */
export interface StylizerApi {
  /**
   * Picks the backend, loads both networks and warms up. `canvas` is the output, transferred once.
   * `events` is a Comlink proxy.
   */
  init(options: InitOptions, canvas: OffscreenCanvas, events: StylizerEvents): Promise<BackendReport>;
  /**
   * Crossfades to a style over `crossfadeMs`. The embedding is kept on the backend under `styleId`
   * for the next switch; `null` is for one-off embeddings (mixes) that are not worth keeping.
   */
  setStyle(styleId: string | null, embedding: Float32Array): Promise<void>;
  /** Frees the cached embedding of a style that no longer exists. */
  dropStyle(styleId: string): Promise<void>;
  /**
   * The background's style in the Person and background mode (the person keeps `setStyle`'s);
   * crossfades over `crossfadeMs` like the main one. Style strength applies to the person's style only.
   */
  setBackgroundStyle(embedding: Float32Array): Promise<void>;
  setSettings(settings: Partial<ProcessingSettings>): Promise<void>;
  /** Hands over a camera frame (transferred). The worker closes it, stylized or dropped. */
  pushFrame(frame: CameraFrame): void;
  /** Runs the style predictor (in its own worker, beside the frames) on a picture (transferred, closed by the worker). */
  predictStyle(image: ImageBitmap): Promise<Float32Array>;
  /** Drops any waiting frame and stops counting; the models stay loaded. */
  pause(): Promise<void>;
  /**
   * Frees everything the stylizer holds (frames, tensors, models, the predictor's worker); later
   * frames are closed unread. Called before the worker is terminated.
   */
  dispose(): Promise<void>;
  /** The frame on the output canvas now, as PNG; rejects with 'not-ready' before the first frame. */
  snapshot(): Promise<Blob>;
}
