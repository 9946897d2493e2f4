import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import type { MeResponse } from '@siyu/shared';
import { API_BASE_URL } from '../../../api';
import { bindPhone } from '../../../api/shop';
import { taroTransport } from '../../../api/taro-transport';
import { Sheet } from '../../../components/Sheet';
import { needsPrivacyAuthorization, privacy } from '../../../lib/privacy';

/**
 * Binds the member's phone number. weapp: privacy agreement first, then WeChat's getPhoneNumber
 * button, whose one-time code goes to POST /api/me/phone. H5: the simulator mints that code for a
 * number typed in a small sheet (H5 only).
 */
export function PhoneBinding({ onBound }: { onBound: (member: MeResponse) => void }) {
  const [isSheetOpen, setIsSheetOpen] = useState(false);
  const [phone, setPhone] = useState('13800138000');
  const [isBusy, setIsBusy] = useState(false);

  const submit = async (code: string) => {
    setIsBusy(true);
    try {
      onBound(await bindPhone(code));
      void Taro.showToast({ title: '手机号已绑定', icon: 'success' });
      setIsSheetOpen(false);
    } catch {
      // The API client showed the reason.
    } finally {
      setIsBusy(false);
    }
  };

  if (process.env.TARO_ENV === 'h5') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- H5-only simulator; not in the weapp build
    const sim = require('../../../api/sim') as typeof import('../../../api/sim');
    const submitSimulated = async () => {
      if (!/^1\d{10}$/.test(phone)) {
        void Taro.showToast({ title: '请输入 11 位手机号', icon: 'none' });
        return;
      }
      try {
        await submit(await sim.simPhoneCode(taroTransport, API_BASE_URL, phone));
      } catch {
        void Taro.showToast({ title: '模拟器不可用，请重新登录', icon: 'none' });
      }
    };
    return (
      <View>
        <Button className='btn btn--plain btn--small' onClick={() => setIsSheetOpen(true)}>
          绑定手机号
        </Button>
        <Sheet isOpen={isSheetOpen} onClose={() => setIsSheetOpen(false)} title='绑定手机号（模拟）'>
          <View className='phone-sheet'>
            <Text className='phone-sheet__hint'>演示环境：由微信模拟器代替微信授权，输入一个手机号即可。</Text>
            <Input className='phone-sheet__input' type='number' maxlength={11} value={phone} onInput={(event) => setPhone(event.detail.value)} />
            <Button className='btn btn--primary' {...(isBusy ? { disabled: true } : {})} onClick={() => void submitSimulated()}>
              {isBusy ? '绑定中…' : '授权并绑定'}
            </Button>
          </View>
        </Sheet>
      </View>
    );
  }

  return (
    <Button
      className='btn btn--plain btn--small'
      openType='getPhoneNumber'
      {...(isBusy ? { disabled: true } : {})}
      onClick={() => {
        // Ask for privacy agreement first when WeChat still needs it (the sheet resolves WeChat's request).
        void needsPrivacyAuthorization().then((isNeeded) => {
          if (isNeeded) privacy.open();
        });
      }}
      onGetPhoneNumber={(event) => {
        const code = (event.detail as { code?: string }).code;
        if (code) void submit(code);
        else void Taro.showToast({ title: '已取消授权', icon: 'none' });
      }}
    >
      绑定手机号
    </Button>
  );
}
