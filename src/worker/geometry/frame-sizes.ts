export interface Size {
  width: number;
  height: number;
}

/**
 * The size a frame is scaled to before the transformer: short side `shortSide`, aspect kept,
 * both sides rounded to a multiple of 4 because the transformer downsamples twice by 2 and
 * only reproduces the original computation exactly at such sizes.
 */
export function processingSize(sourceWidth: number, sourceHeight: number, shortSide: number): Size {
  if (!(sourceWidth > 0 && sourceHeight > 0)) throw new RangeError('source size must be positive');
  const scale = Math.min(1, shortSide / Math.min(sourceWidth, sourceHeight));
  const roundTo4 = (n: number) => Math.max(4, Math.round((n * scale) / 4) * 4);
  return { width: roundTo4(sourceWidth), height: roundTo4(sourceHeight) };
}

/**
 * The output canvas's size for a source: its own, or scaled down to a short side of `maxShortSide`,
 * aspect kept. Sides are rounded to even numbers (video encoders need them), not to multiples of 4:
 * only the network needs those.
 */
export function outputSize(sourceWidth: number, sourceHeight: number, maxShortSide: number): Size {
  if (!(sourceWidth > 0 && sourceHeight > 0)) throw new RangeError('source size must be positive');
  const scale = Math.min(1, maxShortSide / Math.min(sourceWidth, sourceHeight));
  const roundToEven = (n: number) => Math.max(2, Math.round((n * scale) / 2) * 2);
  return { width: roundToEven(sourceWidth), height: roundToEven(sourceHeight) };
}

/** Short sides the adaptive resolution steps through (all multiples of 4, as the transformer needs). */
const ADAPTIVE_LADDER = [128, 160, 192, 224, 256, 320, 384, 480, 576, 720, 1080] as const;
/** Never below this fraction of the chosen size: a blurry picture is worse than a slower one. */
const FLOOR_FRACTION = 0.5;

/** Every short side the adaptive resolution may use below `maxShortSide` (the chosen one, last), smallest first. */
export function adaptiveLadder(maxShortSide: number): number[] {
  const floor = Math.max(ADAPTIVE_LADDER[0], Math.round(maxShortSide * FLOOR_FRACTION));
  return [...ADAPTIVE_LADDER.filter((size) => size >= floor && size < maxShortSide), maxShortSide];
}
