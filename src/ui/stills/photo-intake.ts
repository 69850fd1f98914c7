import { MAX_PHOTO_SIDE } from '../../shared/stills-protocol';
import { checkPictureFile, type PictureUse } from '../common/image-file-checks';

const PHOTO_USE: PictureUse = { whenEmpty: 'so there is nothing to stylize', whenTooBig: (limitMb) => `photos up to ${limitMb} MB can be stylized` };

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
  const { size } = await checkPictureFile(file, quoted, PHOTO_USE, (message) => new PhotoError(message));
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
