/**
 * The style predictor runs in a worker of its own, started by the stylizer worker, with its own
 * WebAssembly backend: a prediction (a picture added as a style, or the content's embedding for
 * strengths below 100%) then runs beside the frames instead of between them, so the video does not
 * pause for it. Measured in docs/benchmarks.md ("Style prediction").
 */
export interface PredictorApi {
  /** Starts the backend and downloads the network. */
  init(options: PredictorInitOptions, onProgress: (fraction: number) => void): Promise<PredictorReport>;
  /**
   * Runs the network once (the first run packs weights and builds operators), so the first real
   * prediction is not the slow one. Called once the stylizer's own load is done, so the two loads
   * do not compete for the cores while the stylizer times its engines.
   */
  warmUp(): Promise<void>;
  /** The picture's style embedding (100 numbers). `image` is transferred and closed here. */
  predict(image: ImageBitmap): Promise<Float32Array>;
  dispose(): Promise<void>;
}

export interface PredictorInitOptions {
  modelBaseUrl: string;
}

export interface PredictorReport {
  backend: string;
  /** WebAssembly threads the predictor's backend runs (null where it has none). */
  threads: number | null;
}
