import Taro from '@tarojs/taro';

/** Where pages go; one place for the page paths. */
export const go = {
  product: (id: number) => void Taro.navigateTo({ url: `/pages/product/index?id=${id}` }),
  products: (params: { categoryId?: number; title?: string; q?: string; isSearch?: boolean }) => {
    const query = Object.entries({ categoryId: params.categoryId, title: params.title, q: params.q, search: params.isSearch ? '1' : undefined })
      .filter(([, value]) => value !== undefined && value !== '')
      .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`)
      .join('&');
    void Taro.navigateTo({ url: `/pages/products/index${query ? `?${query}` : ''}` });
  },
  home: () => void Taro.switchTab({ url: '/pages/index/index' }),
  category: () => void Taro.switchTab({ url: '/pages/category/index' }),
  cart: () => void Taro.switchTab({ url: '/pages/cart/index' }),
  me: () => void Taro.switchTab({ url: '/pages/me/index' }),
};
