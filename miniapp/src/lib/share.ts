import { useShareAppMessage, useShareTimeline } from '@tarojs/taro';
import { trackShare } from '../analytics/track';
import { session } from './session';
import { shareQuery } from './share-query';

/** A share card's picture must be a full URL; our pictures are paths on the API host. */
function absoluteImage(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  return url.startsWith('/') ? `${SIYU_API_BASE_URL}${url}` : url;
}

/** The product a share card shows (the product page's `id`), for the share beacon. */
function sharedProductId(page: string, params: Record<string, string | number> | undefined): number | undefined {
  const id = page === 'pages/product/index' ? Number(params?.id) : NaN;
  return Number.isInteger(id) && id > 0 ? id : undefined;
}

/**
 * 转发 and 分享到朋友圈 for a page (weapp; the page config enables both menus). Read at share time,
 * so the card names the member who shares it even if they logged in after the page opened.
 */
export function usePageShare(page: string, build: () => { title: string; params: Record<string, string | number>; imageUrl?: string | null } | null): void {
  useShareAppMessage(() => {
    const share = build();
    trackShare('friend', sharedProductId(page, share?.params));
    const sharerId = session.getState().member?.id ?? null;
    if (!share) return { title: '思语优选', path: `/${page}?${shareQuery({}, sharerId)}` };
    return { title: share.title, path: `/${page}?${shareQuery(share.params, sharerId)}`, imageUrl: absoluteImage(share.imageUrl) };
  });
  useShareTimeline(() => {
    const share = build();
    trackShare('timeline', sharedProductId(page, share?.params));
    const sharerId = session.getState().member?.id ?? null;
    return { title: share?.title ?? '思语优选', query: shareQuery(share?.params ?? {}, sharerId), imageUrl: absoluteImage(share?.imageUrl) };
  });
}
