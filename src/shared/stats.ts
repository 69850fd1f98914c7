/** What the worker reports: its backend and engine at load, and its stats twice a second (re-exported by protocol.ts). */
import type { BackendName, EngineName, NetworkName } from './names';

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
