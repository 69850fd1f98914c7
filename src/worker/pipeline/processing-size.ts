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
