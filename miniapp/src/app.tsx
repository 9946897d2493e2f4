import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { loginSilently } from './api';
import { fetchMe } from './api/shop';
import { cart } from './lib/cart-store';
import { keepLaunchOptions } from './lib/launch-state';
import { installPrivacyListener } from './lib/privacy';
import { session, tokenStore } from './lib/session';
import './app.css';

/**
 * Launch: keep the launch options (QR scene, query) for attribution, then on weapp log in silently
 * with wx.login; on H5 the stored session (simulated login) is reused when there is one.
 */
function App({ children }: PropsWithChildren) {
  useLaunch((options) => {
    keepLaunchOptions(options);
    if (process.env.TARO_ENV === 'weapp') {
      installPrivacyListener();
      void loginSilently().then(() => cart.refreshBadge());
      return;
    }
    if (tokenStore.get()) {
      fetchMe()
        .then((member) => session.setMember(member))
        .catch(() => undefined)
        .finally(() => cart.refreshBadge());
    } else {
      cart.refreshBadge();
    }
  });
  return children;
}

export default App;
