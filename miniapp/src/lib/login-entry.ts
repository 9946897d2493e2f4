import Taro from '@tarojs/taro';
import { loginSilently } from '../api';
import { noteForwardNavigation } from './navigation';

/**
 * "登录" buttons: on weapp a silent wx.login; on H5 the simulated login page (H5 only, so the path
 * never appears in the weapp build).
 */
export async function startLogin(): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    noteForwardNavigation();
    await Taro.navigateTo({ url: '/pages/login/index' });
    return;
  }
  void Taro.showLoading({ title: '登录中' });
  const isOk = await loginSilently();
  Taro.hideLoading();
  void Taro.showToast({ title: isOk ? '登录成功' : '登录失败，请重试', icon: isOk ? 'success' : 'none' });
}
