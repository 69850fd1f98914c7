import { detailCorrelation, lumaOf, mean, meanAbsDifference, meanColour, meanGradient, median } from './picture-metrics';

interface CapturedFrame {
  /** RGB in 0..1, as the sink received it. */
  values: Float32Array;
  width: number;
  height: number;
}

export interface CapturedRun {
  frames: CapturedFrame[];
  /** Whole frame, from submit to drawn. */
  frameMs: number[];
  /** The quality chain's own ops, per frame. */
  chainMs: number[];
}

/** Frames left out of the per-frame figures: the stabilizer's history fills over the first ones. */
export const SETTLE_FRAMES = 4;
/** Frames left out of the timings: the first ones at a new size allocate. */
const UNTIMED_FRAMES = 2;

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** Mean |L_t − L_{t−1}| over consecutive frames after the settling ones, in luma levels (0..255). */
function flickerOf(lumas: Float32Array[]): number {
  const changes: number[] = [];
  for (let t = Math.max(1, SETTLE_FRAMES); t < lumas.length; t++) changes.push(meanAbsDifference(lumas[t]!, lumas[t - 1]!));
  return mean(changes);
}

const lumasOf = (run: CapturedRun) => run.frames.map((frame) => lumaOf(frame.values, 3, 255));

/**
 * The figures of one clip through one combination of stages. `twin`: the same settings without
 * Reduce flicker, on the same frames (flicker ratios and ghosting are against it).
 */
export function summarizeRun(run: CapturedRun, camera: ImageData[], twin?: CapturedRun, plain?: CapturedRun) {
  const lumas = lumasOf(run);
  const cameraLumas = camera.map((image) => lumaOf(image.data, 4));
  const { width, height } = run.frames[0]!;
  const settled = (values: number[]) => values.slice(SETTLE_FRAMES);
  const frameMs = run.frameMs.slice(UNTIMED_FRAMES);
  const chainMs = median(run.chainMs.slice(UNTIMED_FRAMES));
  const msPerFrame = median(frameMs);
  const flicker = flickerOf(lumas);
  const sameSizeAsCamera = width === camera[0]!.width && height === camera[0]!.height;
  const figures: Record<string, unknown> = {
    output: `${width}×${height}`,
    msPerFrame: { median: round(msPerFrame, 1), min: round(Math.min(...frameMs), 1), max: round(Math.max(...frameMs), 1) },
    chainMs: round(chainMs),
    chainShareOfFrame: round(chainMs / msPerFrame, 3),
    flicker: round(flicker, 3),
    inputFlicker: round(flickerOf(cameraLumas), 3),
    colourDistanceToCamera: round(
      mean(settled(run.frames.map((frame, t) => Math.hypot(...meanColour(frame.values, 3, 255).map((v, c) => v - meanColour(camera[t]!.data, 4)[c]!))))),
    ),
  };
  if (sameSizeAsCamera) {
    figures.detailCorrelation = round(mean(settled(lumas.map((luma, t) => detailCorrelation(luma, cameraLumas[t]!, width, height)))), 3);
    figures.meanGradient = round(mean(settled(lumas.map((luma) => meanGradient(luma, width, height)))), 3);
  }
  if (twin) {
    const twinLumas = lumasOf(twin);
    const twinFlicker = flickerOf(twinLumas);
    figures.flickerWithout = round(twinFlicker, 3);
    figures.flickerReduction = round(twinFlicker / flicker);
    /** The output's frame-to-frame change as a share of the unstabilized one's: how well it follows motion. */
    figures.followsMotion = round(flicker / twinFlicker, 3);
    /** Mean |displayed − raw stylization of the same input|, in luma levels: trails show up here. */
    figures.ghosting = round(mean(settled(lumas.map((luma, t) => meanAbsDifference(luma, twinLumas[t]!)))), 3);
  }
  if (plain && plain !== run) {
    const plainMs = median(plain.frameMs.slice(UNTIMED_FRAMES));
    figures.addedMsPerFrame = round(msPerFrame - plainMs, 1);
  }
  return figures;
}
