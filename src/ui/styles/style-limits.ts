import { STYLE_PREPASS_SIZE } from '../../shared/protocol';

/** Gallery thumbnails: square, JPEG. */
export const THUMBNAIL_SIZE = 128;
const THUMBNAIL_JPEG_QUALITY = 0.85;
/** The longest style name kept (the name field allows no more). */
export const STYLE_NAME_MAX_LENGTH = 60;
/** A user picture's centre square is cropped to at most this side for the predictor. */
export const STYLE_BITMAP_SIZE = STYLE_PREPASS_SIZE;

/** Draws `canvas` as a gallery thumbnail blob. */
export function thumbnailBlob(canvas: OffscreenCanvas): Promise<Blob> {
  return canvas.convertToBlob({ type: 'image/jpeg', quality: THUMBNAIL_JPEG_QUALITY });
}
