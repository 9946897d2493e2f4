import Taro from '@tarojs/taro';
import type { OrderTabKey } from './order-status';

/**
 * H5: after a navigateTo, Taro's router shades (hides) the page below once its slide animation is over
 * (300 ms + 50 ms delay), on a timer that going back does not cancel. Going back inside that window
 * leaves the page we return to shaded: a blank screen. goBack waits the window out.
 */
const H5_SHADE_WINDOW_MS = 450;
let lastForwardAt = 0;

/** Call before a navigateTo made outside `go` (e.g. the H5 login page). */
export function noteForwardNavigation(): void {
  lastForwardAt = Date.now();
}

/** Opens `url`, or replaces the current page with it (a result page that "back" should skip). */
function open(url: string, replace = false): void {
  noteForwardNavigation();
  void (replace ? Taro.redirectTo({ url }) : Taro.navigateTo({ url }));
}

/** navigateBack, safe right after a page was opened (see H5_SHADE_WINDOW_MS). */
export async function goBack(delta = 1): Promise<void> {
  const wait = process.env.TARO_ENV === 'h5' ? H5_SHADE_WINDOW_MS - (Date.now() - lastForwardAt) : 0;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  await Taro.navigateBack({ delta });
}

/** Where pages go; one place for the page paths. */
export const go = {
  product: (id: number) => open(`/pages/product/index?id=${id}`),
  /** What the struck-through (划线) price means: required wherever a compared price is shown. */
  priceNote: () => open('/pages/price-note/index'),
  products: (params: { categoryId?: number; title?: string; q?: string; isSearch?: boolean }) => {
    const query = Object.entries({ categoryId: params.categoryId, title: params.title, q: params.q, search: params.isSearch ? '1' : undefined })
      .filter(([, value]) => value !== undefined && value !== '')
      .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`)
      .join('&');
    open(`/pages/products/index${query ? `?${query}` : ''}`);
  },
  home: () => void Taro.switchTab({ url: '/pages/index/index' }),
  category: () => void Taro.switchTab({ url: '/pages/category/index' }),
  cart: () => void Taro.switchTab({ url: '/pages/cart/index' }),
  me: () => void Taro.switchTab({ url: '/pages/me/index' }),
  /** The checkout of the saved draft (lib/checkout-draft). */
  checkout: () => open('/pages/checkout/index'),
  orders: (tab: OrderTabKey = 'all') => open(`/pages/orders/index?tab=${tab}`),
  order: (id: number, options: { replace?: boolean } = {}) => open(`/pages/order/index?id=${id}`, options.replace),
  payResult: (orderId: number, options: { replace?: boolean } = {}) => open(`/pages/pay-result/index?orderId=${orderId}`, options.replace),
  /** The address book; `select` makes a tap pick the address for checkout. */
  addresses: (options: { select?: boolean; selectedId?: number } = {}) =>
    open(`/pages/addresses/index${options.select ? `?select=1${options.selectedId ? `&selectedId=${options.selectedId}` : ''}` : ''}`),
  /**
   * New (no id) or edit; `choose`: pick the saved address for checkout and go back `back` pages;
   * `isFirst`: the member has none yet (it will be the default).
   */
  addressEdit: (options: { id?: number; choose?: boolean; back?: number; isFirst?: boolean } = {}) => {
    const query = [
      options.id ? `id=${options.id}` : '',
      options.choose ? 'choose=1' : '',
      options.back ? `back=${options.back}` : '',
      options.isFirst ? 'first=1' : '',
    ]
      .filter(Boolean)
      .join('&');
    open(`/pages/address-edit/index${query ? `?${query}` : ''}`);
  },
};
