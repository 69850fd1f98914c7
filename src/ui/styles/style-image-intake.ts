import { hashBytes } from './embedding-cache';
import { centreSquare, checkPictureFile, type PictureUse } from '../common/image-file-checks';
import { STYLE_BITMAP_SIZE, STYLE_NAME_MAX_LENGTH, THUMBNAIL_SIZE, thumbnailBlob } from './style-limits';

const STYLE_USE: PictureUse = { whenEmpty: 'so it cannot be a style', whenTooBig: (limitMb) => `pictures up to ${limitMb} MB can be styles` };

/** A picture that cannot become a style; `message` is written for the person who chose it. */
export class StyleImageError extends Error {
  override name = 'StyleImageError';
}

interface StyleImage {
  /** SHA-256 of the file's bytes: the same picture always gets the same style. */
  hash: string;
  name: string;
  /** The centre square, at most STYLE_BITMAP_SIZE px, for the predictor. The receiver closes it. */
  bitmap: ImageBitmap;
  thumbnail: Blob;
}

function displayName(file: Blob): { quoted: string; name: string } {
  const fileName = file instanceof File && file.name ? file.name : '';
  const name = fileName.replace(/\.[a-z0-9]{1,5}$/i, '').trim() || 'Pasted picture';
  return { quoted: fileName ? `“${fileName}”` : 'The pasted picture', name: name.slice(0, STYLE_NAME_MAX_LENGTH) };
}

async function makeThumbnail(bitmap: ImageBitmap): Promise<Blob> {
  const canvas = new OffscreenCanvas(THUMBNAIL_SIZE, THUMBNAIL_SIZE);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('2D canvas is not available');
  context.drawImage(bitmap, 0, 0, THUMBNAIL_SIZE, THUMBNAIL_SIZE);
  return thumbnailBlob(canvas);
}

/** Checks and decodes a picture the person dropped, pasted or picked. Throws StyleImageError. */
export async function readStyleImage(file: Blob): Promise<StyleImage> {
  const { quoted, name } = displayName(file);
  const { bytes, size } = await checkPictureFile(file, quoted, STYLE_USE, (message) => new StyleImageError(message));
  const crop = centreSquare(size.width, size.height);
  const side = Math.min(STYLE_BITMAP_SIZE, crop.side);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, crop.x, crop.y, crop.side, crop.side, { resizeWidth: side, resizeHeight: side, resizeQuality: 'high' });
  } catch {
    throw new StyleImageError(`${quoted} could not be decoded: the picture is damaged.`);
  }
  try {
    const [thumbnail, hash] = await Promise.all([makeThumbnail(bitmap), hashBytes(bytes.buffer)]);
    return { hash, name, bitmap, thumbnail };
  } catch (error) {
    bitmap.close();
    throw error;
  }
}
