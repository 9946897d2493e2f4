import type { PropsWithChildren } from 'react';
import { useDidShow, useLaunch } from '@tarojs/taro';
import { loginSilently } from './api';
import { fetchMe } from './api/shop';
import { recordTouch } from './api/touches';
import { cart } from './lib/cart-store';
import { entryUrlQuery, keepLaunchOptions } from './lib/launch-state';
import { installPrivacyListener } from './lib/privacy';
import { session, tokenStore } from './lib/session';
import { refreshUnreadBadge } from './services/subscribe';
import './app.css';

// H5: read the address bar's query (?scene=, ?cq=) now, before the router may rewrite the URL.
entryUrlQuery();

/**
 * Launch: keep the launch options (QR scene, query) for attribution and record the touch (launch and
 * every show, fire-and-forget), then on weapp log in silently with wx.login; on H5 the stored session
 * (simulated login) is reused when there is one.
 */
function App({ children }: PropsWithChildren) {
  useDidShow((options) => {
    recordTouch('show', options);
    void refreshUnreadBadge(); // a message may have come while the app was in the background
  });
  useLaunch((options) => {
    keepLaunchOptions(options);
    recordTouch('launch', options);
    if (process.env.TARO_ENV === 'weapp') {
      installPrivacyListener();
      void loginSilently().then(() => {
        cart.refreshBadge();
        void refreshUnreadBadge();
      });
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
