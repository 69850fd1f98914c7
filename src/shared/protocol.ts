/**
 * The one contract between the UI thread and the stylizer worker (its error codes are in
 * errors.ts). UI and worker both import from here and never from each other.
 */
import type { StylizerError } from './errors';

export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
/**
 * What runs the transformer: tfjs (on the backend above), or ONNX Runtime Web's or LiteRT.js's
 * WebAssembly build (CPU backends only). The predictor and everything around the network always run on tfjs.
 */
export const ENGINE_NAMES = ['tfjs', 'onnx', 'litert'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];
/** Each engine's name for people (status line, notices). */
export const ENGINE_LABELS: Record<EngineName, string> = { tfjs: 'TensorFlow.js', onnx: 'ONNX Runtime', litert: 'LiteRT' };

export function isEngineName(value: unknown): value is EngineName {
  return typeof value === 'string' && (ENGINE_NAMES as readonly string[]).includes(value);
}
export type BackendName = (typeof BACKEND_NAMES)[number];

/**
 * Which transformer network stylizes the frames: `full` is Magenta's (the quality reference), `fast`
 * the project's own network distilled from it (models/fast-transformer: 3.3x fewer multiply-adds,
 * same inputs, so every style, mix and strength works with either). `auto` picks per backend.
 */
export const NETWORK_NAMES = ['full', 'fast'] as const;
export type NetworkName = (typeof NETWORK_NAMES)[number];
export type NetworkPreference = 'auto' | NetworkName;
export const NETWORK_PREFERENCES: readonly NetworkPreference[] = ['auto', ...NETWORK_NAMES];

export function isNetworkName(value: unknown): value is NetworkName {
  return typeof value === 'string' && (NETWORK_NAMES as readonly string[]).includes(value);
}

export function isNetworkPreference(value: unknown): value is NetworkPreference {
  return value === 'auto' || isNetworkName(value);
}

export function isBackendName(value: unknown): value is BackendName {
  return typeof value === 'string' && (BACKEND_NAMES as readonly string[]).includes(value);
}

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

export interface BackendReport {
  name: BackendName;
  /** True when the URL forced it. */
  forced: boolean;
  /** Why this backend and not a faster one; empty when it is the first choice. */
  fallbackReason: string;
  /** The GPU adapter, when WebGPU was probed. */
  adapter?: string;
  /** The WebGPU adapter offers half-precision shaders (`shader-f16`); docs/guide.md (Known limits) says why they are not used. */
  shaderF16?: boolean;
  /** Frames the pipeline keeps on the backend at once (see InitOptions.pipelineDepth). */
  pipelineDepth?: number;
  /** WebAssembly threads the transformer runs on (null on GPU and CPU backends). */
  threads: number | null;
  /** The transformer's engine, and how it was chosen. */
  engine: EngineName;
  engineChoice: EngineChoice;
  /** The network the frames go through, and why (see NetworkPreference). */
  network: NetworkName;
  networkReason: string;
  /** How the CPU-side quality chain does its output-size passes (null on GPU backends, which keep them on the device). */
  outputPasses: OutputPassesKind | null;
}

/** WebAssembly SIMD kernels, or the JS loops where those cannot load. */
export type OutputPassesKind = 'wasm-simd' | 'js';

export interface EngineChoice {
  /**
   * `measured` (timed at load, before the first frame), `cached` (decided on an earlier visit on
   * this device); `forced` by the address; `only` where just one engine applies.
   */
  how: 'measured' | 'cached' | 'forced' | 'only';
  /** Median ms per transformer run at the processing size, per engine measured. */
  timings: Partial<Record<EngineName, number>>;
  /** Why the faster engine could not be used (it failed to load or run); empty otherwise. */
  fallbackReason: string;
}

export interface StylizerStats {
  backend: BackendName;
  /** Stylized frames per second over the last second or so. */
  fps: number;
  /** Mean time from taking a frame to having drawn it, over the same window. */
  msPerFrame: number;
  framesStylized: number;
  /** Frames received but never stylized because a newer one replaced them. */
  framesDropped: number;
  /** Time of each frame finished since the previous report, for percentiles. */
  recentFrameMs: number[];
  /** Longest time between two drawn frames since the previous report (0 before two frames). */
  longestGapMs: number;
  /** Live tensors in the worker's tfjs engine. */
  tensors: number;
  /** Bytes held by live tensors. */
  tensorBytes: number;
  /** GPU memory the backend has allocated (WebGPU, WebGL) or its WebAssembly heap (WASM); null on CPU. */
  backendBytes: number | null;
  /** The size the last frame was processed at. */
  width: number;
  height: number;
  /** The size is chosen by the adaptive resolution (and may be below the chosen one). */
  adaptive: boolean;
  /** The transformer's engine (settled at load, before the first frame). */
  engine: EngineName;
  engineChoice: EngineChoice;
  /** Mean ms per frame of each stage since the previous report (null without a frame); see FRAME_STAGES. */
  stageMs: Partial<Record<FrameStage, number>> | null;
  /** The network now (it changes when a person picks another mid-stream, after its crossfade), and why. */
  network: NetworkName;
  networkReason: string;
  /** GPU→CPU readbacks since the stylizer started (WebGPU, WebGL; null on WASM and CPU). See readback-counter.ts. */
  readbacks: number | null;
  /**
   * When each frame since the previous report was finished, as `performance.timeOrigin + now()`
   * (ms since the epoch, comparable across threads), so a benchmark counts exactly the frames
   * inside its timed window.
   */
  frameEndTimes: number[];
  /** Tensors and bytes measured the last time no frame was on the backend (null before the first). */
  memoryAtRest: MemoryAtRest | null;
  /** The person-segmentation network, loaded the first time a region other than Everything is chosen. */
  personMask: PersonMaskReport;
  /** Person and background is on: each frame runs the network twice (once per style). */
  twoStyles: boolean;
  /**
   * Why frames are imported through a CPU copy although the backend is on a GPU (the adapter
   * refused the GPU copy of a camera frame); null while the GPU copy works or on CPU backends.
   */
  gpuCopyFallback: string | null;
  /** How the last frame came onto the backend (null before the first frame). */
  frameImport: FrameImportPath | null;
}

/**
 * `yuv-planes`: a YUV camera frame's planes copied out and scaled and converted by the WebAssembly
 * kernels; `canvas`: drawn into a 2D canvas at the processing size and read back (other frames, or
 * without the kernels); `gpu-bitmap`: scaled by the browser into a bitmap for a GPU backend.
 */
export type FrameImportPath = 'yuv-planes' | 'canvas' | 'gpu-bitmap';

export interface PersonMaskReport {
  state: 'not-loaded' | 'loading' | 'ready' | 'failed';
  /** Why it failed (it names the network and its URL); empty otherwise. */
  reason: string;
}

/**
 * A frame's stages, in order: `import` (scale the camera frame and bring it onto the backend),
 * `prepare` (Reduce flicker on the input), `network` (the transformer, with the copies to and from
 * ONNX Runtime), `finish` (steady output, colours, upsampling with Detail), `draw` (to the canvas).
 */
const FRAME_STAGES = ['import', 'prepare', 'network', 'finish', 'draw'] as const;
export type FrameStage = (typeof FRAME_STAGES)[number];

export interface MemorySnapshot {
  tensors: number;
  tensorBytes: number;
  backendBytes: number | null;
}

/** Memory measured while no frame was on the backend. */
export interface MemoryAtRest extends MemorySnapshot {
  /** Frames stylized when it was measured: a report with a higher count is a new measurement. */
  afterFrames: number;
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
  /**
   * Runs the style predictor on a picture (transferred, closed by the worker), between two frames,
   * so the stream pauses for one prediction at most.
   */
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
