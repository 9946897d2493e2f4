import Taro from '@tarojs/taro';
import type { MeResponse } from '@siyu/shared';
import { deviceId } from '../lib/device-id';
import { currentLaunchOptions } from '../lib/launch-state';
import { session, tokenStore } from '../lib/session';
import { ApiClient } from './client';
import { taroTransport } from './taro-transport';

export { ApiError } from './errors';

/** Same origin on H5, the configured https host on weapp (config/index.ts). */
export const API_BASE_URL = SIYU_API_BASE_URL;

/**
 * A fresh login code: wx.login on weapp; on H5 the simulator mints one for the demo shopper picked
 * on the login page (none picked: no silent login, the page asks).
 */
async function loginCode(): Promise<string | null> {
  if (process.env.TARO_ENV === 'h5') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- H5-only simulator; not in the weapp build
    const sim = require('./sim') as typeof import('./sim');
    const user = sim.rememberedSimUser();
    return user ? sim.simLoginCode(taroTransport, API_BASE_URL, user) : null;
  }
  const { code } = await Taro.login();
  return code || null;
}

/** The app's one API client. Pages use the functions in ./shop, never Taro.request. */
export const api = new ApiClient({
  baseUrl: API_BASE_URL,
  transport: taroTransport,
  tokens: tokenStore,
  getLoginCode: loginCode,
  launch: currentLaunchOptions,
  deviceId,
  onLogin: (result) => {
    session.setMember(result.member as MeResponse);
    session.notifyLogin();
  },
  onSessionLost: () => session.setMember(null),
  toast: (message) => {
    void Taro.showToast({ title: message, icon: 'none', duration: 2200 });
  },
});

/** Silent login at launch (weapp): wx.login → POST /api/auth/wechat with the launch options. */
export async function loginSilently(): Promise<boolean> {
  try {
    const code = await loginCode();
    if (!code) return false;
    await api.loginWithCode(code);
    return true;
  } catch {
    return false;
  }
}
