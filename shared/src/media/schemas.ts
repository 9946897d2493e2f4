import { z } from 'zod';
import { cursorSchema, limitSchema } from '../common/schemas';

/** Where the server serves library images: `/media/<hash>.<ext>` and its variants beside it. */
export const MEDIA_PATH_PREFIX = '/media/';

/** Image formats the library accepts, as sharp names them, with the extension a file gets. */
export const MEDIA_FORMATS = { jpeg: 'jpg', png: 'png', webp: 'webp', gif: 'gif' } as const;
export type MediaFormat = keyof typeof MEDIA_FORMATS;

/** Generated once at upload: `w` a WebP of at most 1200 px for pages, `t` a 360 px WebP thumbnail for lists. */
export const MEDIA_VARIANTS = { w: 1200, t: 360 } as const;
export type MediaVariant = keyof typeof MEDIA_VARIANTS;

const LIBRARY_URL = /^\/media\/([0-9a-f]{32})\.(jpg|png|webp|gif)$/;

/**
 * The URL of a library image's variant (`t` thumbnail, `w` page-size WebP); any other URL (an
 * external image, a variant already) is answered unchanged, so callers can use it on every image.
 */
export function mediaVariantUrl(url: string, variant: MediaVariant): string {
  const match = LIBRARY_URL.exec(url);
  return match ? `${MEDIA_PATH_PREFIX}${match[1]}-${variant}.webp` : url;
}

/** One image of the library as the admin API answers it. */
export interface MediaItem {
  id: number;
  /** The original bytes as uploaded: what products and descriptions store. */
  url: string;
  webpUrl: string;
  thumbUrl: string;
  format: MediaFormat;
  width: number;
  height: number;
  bytes: number;
  originalName: string;
  createdAt: string;
}

/** GET /api/admin/media: newest first. */
export const mediaListQuerySchema = z.strictObject({
  cursor: cursorSchema,
  limit: limitSchema,
});
