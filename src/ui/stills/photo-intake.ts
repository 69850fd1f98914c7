import { MAX_PHOTO_SIDE } from '../../shared/stills-protocol';
import { MAX_STYLE_FILE_BYTES, imageSize, looksComplete, sizeProblem, sniffImageFormat } from '../common/image-file-checks';

/** A photo that cannot be stylized; `message` is written for the person who chose it. */
export class PhotoError extends Error {
  override name = 'PhotoError';
}

export interface Photo {
  /** At most MAX_PHOTO_SIDE on the long side. The receiver closes (or transfers) it. */
  bitmap: ImageBitmap;
  name: string;
  /** The file's own size when it was scaled down to fit. */
  scaledFrom: { width: number; height: number } | null;
}

/**
 * Checks and decodes a photo with the same checks as style pictures (format by its bytes, not cut
 * off, a size that decodes in reasonable memory), then scales one larger than MAX_PHOTO_SIDE down.
 */
export async function readPhoto(file: File): Promise<Photo> {
  const quoted = file.name ? `“${file.name}”` : 'The photo';
  const name = file.name.replace(/\.[a-z0-9]{1,5}$/i, '').trim() || 'photo';
  if (file.size === 0) throw new PhotoError(`${quoted} is empty (0 bytes), so there is nothing to stylize.`);
  if (file.size > MAX_STYLE_FILE_BYTES) throw new PhotoError(`${quoted} is ${Math.round(file.size / 1048576)} MB; photos up to ${MAX_STYLE_FILE_BYTES / 1048576} MB can be stylized.`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const format = sniffImageFormat(bytes);
  if (format === 'unknown') throw new PhotoError(`${quoted} is not a picture. Use a PNG, JPEG, WebP, GIF, AVIF or BMP file.`);
  if (!looksComplete(bytes, format)) throw new PhotoError(`${quoted} is cut off or damaged: the end of the picture is missing.`);
  // The size from the header first: a giant picture is refused before it is decoded.
  const size = await imageSize(file).catch(() => {
    throw new PhotoError(`${quoted} could not be read: the picture is damaged or in a format this browser cannot open.`);
  });
  const problem = sizeProblem(size.width, size.height);
  if (problem) throw new PhotoError(`${quoted} is too large to use: ${problem}.`);
  const scale = Math.min(1, MAX_PHOTO_SIDE / Math.max(size.width, size.height));
  try {
    const bitmap = await createImageBitmap(
      file,
      scale < 1 ? { resizeWidth: Math.round(size.width * scale), resizeHeight: Math.round(size.height * scale), resizeQuality: 'high' } : {},
    );
    return { bitmap, name, scaledFrom: scale < 1 ? size : null };
  } catch {
    throw new PhotoError(`${quoted} could not be decoded: the picture is damaged.`);
  }
}
