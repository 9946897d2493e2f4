import { mediaVariantUrl, type MediaVariant } from '@siyu/shared';

/**
 * The address to load a picture from: a library image's `variant` (WebP thumbnail `t` or page size `w`),
 * and a site path made absolute on weapp (the API host; on H5 the shop is served by the same origin).
 */
export function mediaSrc(url: string, variant: MediaVariant): string {
  const src = mediaVariantUrl(url, variant);
  return src.startsWith('/') ? `${SIYU_API_BASE_URL}${src}` : src;
}
