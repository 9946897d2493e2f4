/**
 * Pages and tabBar. The simulated login page exists only in the H5 build (it stands in for wx.login,
 * which a browser cannot call); the weapp build never lists or compiles it.
 */
const isH5 = process.env.TARO_ENV === 'h5';

export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/category/index',
    'pages/cart/index',
    'pages/me/index',
    'pages/products/index',
    'pages/product/index',
    'pages/price-note/index',
    'pages/checkout/index',
    'pages/pay-result/index',
    'pages/orders/index',
    'pages/order/index',
    'pages/addresses/index',
    'pages/address-edit/index',
    'pages/coupons/index',
    'pages/my-coupons/index',
    'pages/flash-sales/index',
    'pages/live/index',
    'pages/member/index',
    'pages/points/index',
    'pages/points-mall/index',
    'pages/points-mall-item/index',
    'pages/reviews/index',
    'pages/review-write/index',
    'pages/product-reviews/index',
    'pages/favorites/index',
    'pages/messages/index',
    'pages/preferences/index',
    ...(isH5 ? ['pages/service/index'] : []),
    ...(isH5 ? ['pages/login/index'] : []),
  ],
  window: {
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '思语优选',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f7f8fa',
    backgroundTextStyle: 'dark',
  },
  tabBar: {
    color: '#969799',
    selectedColor: '#ee0a24',
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: [
      { pagePath: 'pages/index/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-active.png' },
      { pagePath: 'pages/category/index', text: '分类', iconPath: 'assets/tab/category.png', selectedIconPath: 'assets/tab/category-active.png' },
      { pagePath: 'pages/cart/index', text: '购物车', iconPath: 'assets/tab/cart.png', selectedIconPath: 'assets/tab/cart-active.png' },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tab/me.png', selectedIconPath: 'assets/tab/me-active.png' },
    ],
  },
  // Privacy APIs (getPhoneNumber) wait for the user's agreement; base libraries before 3.0 need this switch.
  ...({ __usePrivacyCheck__: true } as Record<string, unknown>),
  lazyCodeLoading: 'requiredComponents',
  // The address form imports the shopper's WeChat address (wx.chooseAddress must be declared).
  requiredPrivateInfos: ['chooseAddress'],
});
