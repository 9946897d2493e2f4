import { flushBehaviour, recordBehaviour } from '../api/behaviour';
import { trackAddToCart, trackCheckoutStart, trackShare, useTrackPage } from './track';

const shown: (() => void)[] = [];
const hidden: (() => void)[] = [];
jest.mock('@tarojs/taro', () => ({
  useDidShow: (callback: () => void) => shown.push(callback),
  useDidHide: (callback: () => void) => hidden.push(callback),
}));
jest.mock('../api/behaviour', () => ({ recordBehaviour: jest.fn(), flushBehaviour: jest.fn() }));

describe('page and action beacons', () => {
  beforeEach(() => jest.clearAllMocks());

  it('useTrackPage records a page_view on every show and sends the queue on hide', () => {
    useTrackPage('pages/cart/index');
    expect(recordBehaviour).not.toHaveBeenCalled();
    shown.forEach((callback) => callback());
    shown.forEach((callback) => callback());
    expect(jest.mocked(recordBehaviour).mock.calls).toEqual([
      [{ type: 'page_view', page: 'pages/cart/index' }],
      [{ type: 'page_view', page: 'pages/cart/index' }],
    ]);
    hidden.forEach((callback) => callback());
    expect(flushBehaviour).toHaveBeenCalledTimes(1);
  });

  it('add to cart, checkout start and share beacons carry their fields', () => {
    trackAddToCart(7, 70, 2);
    trackCheckoutStart(3);
    trackCheckoutStart(0);
    trackShare('friend', 7);
    trackShare('timeline');
    expect(jest.mocked(recordBehaviour).mock.calls.map(([event]) => event)).toEqual([
      { type: 'add_to_cart', productId: 7, skuId: 70, quantity: 2 },
      { type: 'checkout_start', itemCount: 3 },
      { type: 'checkout_start' },
      { type: 'share', target: 'friend', productId: 7 },
      { type: 'share', target: 'timeline' },
    ]);
  });
});
