import crypto from 'node:crypto';
import sharp, { type Metadata } from 'sharp';
import { MEDIA_FORMATS, MEDIA_PATH_PREFIX, MEDIA_VARIANTS, type MediaFormat, type MediaVariant } from '@siyu/shared';
import { AppError } from '../../lib/errors';

/** Larger images are refused before decoding (a small file can declare a huge canvas). */
export const MAX_IMAGE_SIDE = 8000;

export interface ProbedImage {
  hash: string;
  format: MediaFormat;
  width: number;
  height: number;
}

export interface MediaFile {
  name: string;
  bytes: Buffer;
}

function isMediaFormat(format: string | undefined): format is MediaFormat {
  return format !== undefined && Object.hasOwn(MEDIA_FORMATS, format);
}

/**
 * What the bytes are, decided by their content (sharp reads the header), never by a file name or a
 * declared type: anything sharp cannot read, or reads as another format (SVG, TIFF, HEIF…), is
 * MEDIA_NOT_IMAGE; a side above MAX_IMAGE_SIDE is MEDIA_TOO_LARGE.
 */
export async function probeImage(bytes: Buffer): Promise<ProbedImage> {
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { failOn: 'error' }).metadata();
  } catch {
    throw new AppError('MEDIA_NOT_IMAGE');
  }
  if (!isMediaFormat(metadata.format)) throw new AppError('MEDIA_NOT_IMAGE', undefined, { format: metadata.format ?? null });
  const { width, height } = metadata;
  if (!width || !height) throw new AppError('MEDIA_NOT_IMAGE');
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) throw new AppError('MEDIA_TOO_LARGE', undefined, { width, height, maxSide: MAX_IMAGE_SIDE });
  const hash = crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 32);
  return { hash, format: metadata.format, width, height };
}

/** The name of the original (`<hash>.<ext>`) or of a variant (`<hash>-t.webp`). */
export function mediaFileName(hash: string, format: MediaFormat, variant?: MediaVariant): string {
  return variant ? `${hash}-${variant}.webp` : `${hash}.${MEDIA_FORMATS[format]}`;
}

export function mediaUrl(name: string): string {
  return `${MEDIA_PATH_PREFIX}${name}`;
}

/**
 * The original plus its WebP variants, made once at upload: EXIF orientation applied, never enlarged,
 * metadata dropped. A decoding failure of a file the header looked fine in is MEDIA_NOT_IMAGE.
 */
export async function buildMediaFiles(bytes: Buffer, image: ProbedImage): Promise<MediaFile[]> {
  try {
    const variants = await Promise.all(
      (Object.entries(MEDIA_VARIANTS) as [MediaVariant, number][]).map(async ([variant, side]) => ({
        name: mediaFileName(image.hash, image.format, variant),
        bytes: await sharp(bytes, { failOn: 'error' })
          .rotate()
          .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
          .webp({ quality: variant === 't' ? 72 : 80 })
          .toBuffer(),
      })),
    );
    return [{ name: mediaFileName(image.hash, image.format), bytes }, ...variants];
  } catch {
    throw new AppError('MEDIA_NOT_IMAGE');
  }
}
