/** The simulator's rules for mini-program codes and URL Links (wechat-protocols.md §2, messaging-protocols.md §2.1). */

/** The shop's pages a published mini-program has (app.config.ts), for check_path and URL Link paths. */
export const PUBLISHED_PAGES = [
  'pages/index/index',
  'pages/category/index',
  'pages/cart/index',
  'pages/me/index',
  'pages/products/index',
  'pages/product/index',
  'pages/checkout/index',
  'pages/orders/index',
  'pages/order/index',
  'pages/coupons/index',
  'pages/my-coupons/index',
  'pages/flash-sales/index',
  'pages/live/index',
  'pages/member/index',
  'pages/points-mall/index',
];
export const HOME_PAGE = 'pages/index/index';
/** getwxacodeunlimit's scene alphabet (wechat-protocols.md §2). */
export const SCENE_CHARS = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]*$/;
/** generate_urllink's query alphabet: the scene's plus '%' (messaging-protocols.md §2.1). */
export const URL_QUERY_CHARS = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~%]*$/;
export const ENV_VERSIONS = new Set(['release', 'trial', 'develop']);
const DAY_MS = 86_400_000;
export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** expire_type 1: 1..30 days from now; 0: a Unix time in the future, at most 30 days ahead. */
export function linkExpiry(expireType: unknown, interval: unknown, time: unknown, now: number): number | null {
  if (expireType === 1) {
    return typeof interval === 'number' && Number.isInteger(interval) && interval >= 1 && interval <= 30 ? now + interval * DAY_MS : null;
  }
  if (expireType !== 0) return null;
  if (typeof time !== 'number' || !Number.isInteger(time)) return null;
  const atMs = time * 1000;
  return atMs > now && atMs <= now + 30 * DAY_MS ? atMs : null;
}
