/**
 * H5 only (listed in app.config.ts for the h5 build only): a browser cannot call wx.login, so the
 * shopper picks a demo account or types a name, the WeChat simulator mints a login code for it, and
 * the code takes the same POST /api/auth/wechat path as the mini-program.
 */
import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { api, API_BASE_URL } from '../../api';
import { DEMO_SHOPPERS, rememberSimUser, simLoginCode, simUserKey, type SimUser } from '../../api/sim';
import { updateNickname } from '../../api/shopper';
import { taroTransport } from '../../api/taro-transport';
import { goBack } from '../../lib/navigation';
import { session } from '../../lib/session';
import './index.css';

export default function LoginPage() {
  const [name, setName] = useState('');
  const [busyUser, setBusyUser] = useState<string | null>(null);

  const login = async (user: SimUser) => {
    setBusyUser(user.user);
    try {
      const code = await simLoginCode(taroTransport, API_BASE_URL, user);
      rememberSimUser(user);
      await api.loginWithCode(code);
      await session.settled();
      // WeChat gives no nickname at login; the shopper sets it (type="nickname" on weapp). Here the name
      // picked on this page stands in for that step, unless the member already chose one.
      const me = session.getState().member;
      if (me && me.nickname !== user.nickname && /^微信用户/.test(me.nickname)) session.setMember(await updateNickname(user.nickname));
      void Taro.showToast({ title: '登录成功', icon: 'success' });
      const pages = Taro.getCurrentPages();
      if (pages.length > 1) await goBack();
      else await Taro.switchTab({ url: '/pages/me/index' });
    } catch {
      void Taro.showToast({ title: '登录失败，请重试', icon: 'none' });
    } finally {
      setBusyUser(null);
    }
  };

  const typed = name.trim();
  return (
    <View className='page login'>
      <View className='login__head'>
        <View className='login__logo'>
          <Text>思</Text>
        </View>
        <Text className='login__title'>微信一键登录</Text>
        <Text className='login__note'>演示环境 · 由微信模拟器代替 wx.login</Text>
      </View>

      <View className='card login__card'>
        <Text className='login__section'>选择演示会员</Text>
        {DEMO_SHOPPERS.map((shopper) => (
          <View className='login__shopper' key={shopper.user}>
            <View className='login__avatar'>
              <Text>{Array.from(shopper.nickname)[0]}</Text>
            </View>
            <View className='login__shopper-info'>
              <Text className='login__shopper-name'>{shopper.nickname}</Text>
              <Text className='login__shopper-key'>模拟微信用户 {shopper.user}</Text>
            </View>
            <Button className='btn btn--primary btn--small' {...(busyUser !== null ? { disabled: true } : {})} onClick={() => void login(shopper)}>
              {busyUser === shopper.user ? '登录中…' : '登录'}
            </Button>
          </View>
        ))}
      </View>

      <View className='card login__card'>
        <Text className='login__section'>或新建一个演示会员</Text>
        <Input className='login__input' placeholder='输入昵称，如 xiaoming' maxlength={20} value={name} onInput={(event) => setName(event.detail.value)} />
        <Button
          className={`btn ${typed ? 'btn--primary' : 'btn--disabled'}`}
          {...(!typed || busyUser !== null ? { disabled: true } : {})}
          onClick={() => void login({ user: simUserKey(typed), nickname: typed })}
        >
          以该身份登录
        </Button>
      </View>
      <Text className='login__legal'>登录即表示你同意《用户服务协议》与《隐私保护指引》</Text>
    </View>
  );
}
