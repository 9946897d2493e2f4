import { useDidHide, useDidShow } from '@tarojs/taro';
import { flushBehaviour, recordBehaviour } from '../api/behaviour';

/*
 * The mini-program's beacons (issue 16): page views, adds to cart, checkouts started and shares, batched with
 * the anonymous device id by the behaviour queue (lib/behaviour.ts: 10 events, 5 s or the app hiding).
 * Fire-and-forget: nothing here throws, waits or shows the shopper anything.
 */

/** A page_view each time the page shows; what is queued leaves when it hides. `page` is its path (pages/cart/index). */
export function useTrackPage(page: string): void {
  useDidShow(() => recordBehaviour({ type: 'page_view', page }));
  useDidHide(() => flushBehaviour());
}

/** A product went into the cart (member or guest cart). */
export function trackAddToCart(productId: number, skuId: number, quantity: number): void {
  recordBehaviour({ type: 'add_to_cart', productId, skuId, quantity });
}

/** The checkout page submitted an order of `itemCount` lines. */
export function trackCheckoutStart(itemCount: number): void {
  recordBehaviour(itemCount > 0 ? { type: 'checkout_start', itemCount } : { type: 'checkout_start' });
}

/** A share card was made for a friend or the timeline (of a product when the page shows one). */
export function trackShare(target: 'friend' | 'timeline', productId?: number): void {
  recordBehaviour(productId === undefined ? { type: 'share', target } : { type: 'share', target, productId });
}
