/** Limits on pictures added as styles: beyond them decoding alone could take seconds and gigabytes. */
const MAX_STYLE_IMAGE_SIDE = 8192;
const MAX_STYLE_IMAGE_PIXELS = 40_000_000;
const MAX_STYLE_FILE_BYTES = 50 * 1024 * 1024;

type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp' | 'avif' | 'unknown';

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  signature.every((value, i) => bytes[offset + i] === value);

/** The format the first bytes announce, whatever the file name says. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  if (startsWith(bytes, [0x42, 0x4d])) return 'bmp';
  if (startsWith(bytes, [0x66, 0x74, 0x79, 0x70], 4) && startsWith(bytes, [0x61, 0x76, 0x69], 8)) return 'avif';
  return 'unknown';
}

/**
 * Whether a JPEG or PNG reaches its end marker. Browsers draw a cut-off download as a picture
 * with a grey bottom, which would quietly become a style; this catches that case.
 */
export function looksComplete(bytes: Uint8Array, format: ImageFormat): boolean {
  let end = bytes.length;
  // Some writers pad after the end marker.
  while (end > 0 && bytes[end - 1] === 0) end--;
  if (format === 'jpeg') return end >= 4 && bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9;
  if (format === 'png') {
    const tail = bytes.subarray(Math.max(0, end - 12), end);
    return tail.length === 12 && startsWith(tail, [0x49, 0x45, 0x4e, 0x44], 4);
  }
  return true;
}

/** A sentence for the person when the size is beyond the limits, or null. */
export function sizeProblem(width: number, height: number): string | null {
  if (!(width > 0 && height > 0)) return 'it has no pixels';
  if (width > MAX_STYLE_IMAGE_SIDE || height > MAX_STYLE_IMAGE_SIDE || width * height > MAX_STYLE_IMAGE_PIXELS) {
    return `it is ${width}×${height} pixels; the limit is ${MAX_STYLE_IMAGE_SIDE} pixels a side and ${MAX_STYLE_IMAGE_PIXELS / 1e6} megapixels. Scale it down and try again`;
  }
  return null;
}

/** The largest centred square: user styles are cropped, not squeezed, so brush strokes keep their shape. */
export function centreSquare(width: number, height: number): { x: number; y: number; side: number } {
  const side = Math.min(width, height);
  return { x: Math.floor((width - side) / 2), y: Math.floor((height - side) / 2), side };
}

/** Reads the size from the header without decoding every pixel (the browser decodes lazily). */
function imageSize(blob: Blob): Promise<{ width: number; height: number }> {
  const url = URL.createObjectURL(blob);
  const image = new Image();
  return new Promise<{ width: number; height: number }>((resolve, reject) => {
    image.onload = () => resolve({ width: image.naturalWidth, height: image.naturalHeight });
    image.onerror = () => reject(new Error('undecodable'));
    image.src = url;
  }).finally(() => URL.revokeObjectURL(url));
}

/** How a refusal ends for what the picture was meant to be (a style, a photo to stylize). */
export interface PictureUse {
  /** After "… is empty (0 bytes), ": e.g. "so it cannot be a style". */
  whenEmpty: string;
  /** After "… is N MB; ": e.g. "pictures up to 20 MB can be styles". */
  whenTooBig: (limitMb: number) => string;
}

/**
 * The checks every picture a person hands over goes through, in order: not empty, not too many
 * bytes, a picture format by its bytes (not its name), not cut off, and a size (read from the
 * header, before any decoding) that decodes in reasonable memory. Throws `refuse(sentence)`.
 */
export async function checkPictureFile(
  file: Blob,
  quoted: string,
  use: PictureUse,
  refuse: (message: string) => Error,
): Promise<{ bytes: Uint8Array<ArrayBuffer>; size: { width: number; height: number } }> {
  if (file.size === 0) throw refuse(`${quoted} is empty (0 bytes), ${use.whenEmpty}.`);
  if (file.size > MAX_STYLE_FILE_BYTES) throw refuse(`${quoted} is ${Math.round(file.size / 1048576)} MB; ${use.whenTooBig(MAX_STYLE_FILE_BYTES / 1048576)}.`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const format = sniffImageFormat(bytes);
  if (format === 'unknown') throw refuse(`${quoted} is not a picture. Use a PNG, JPEG, WebP, GIF, AVIF or BMP file.`);
  if (!looksComplete(bytes, format)) throw refuse(`${quoted} is cut off or damaged: the end of the picture is missing.`);
  const size = await imageSize(file).catch(() => {
    throw refuse(`${quoted} could not be read: the picture is damaged or in a format this browser cannot open.`);
  });
  const problem = sizeProblem(size.width, size.height);
  if (problem) throw refuse(`${quoted} is too large to use: ${problem}.`);
  return { bytes, size };
}
