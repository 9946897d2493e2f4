import Taro from '@tarojs/taro';
import { noteForwardNavigation } from './navigation';

function open(url: string): void {
  noteForwardNavigation();
  void Taro.navigateTo({ url });
}

/** The pages of the shopper's own space (收藏, 客服). */
export const shopperPages = {
  favorites: () => open('/pages/favorites/index'),
  /** H5 only: weapp opens WeChat's customer-service session instead. */
  service: () => open('/pages/service/index'),
};
