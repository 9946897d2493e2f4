import { Button, Input, View } from '@tarojs/components';
import { useState } from 'react';

/** 兑换码: type a code from a card or an SMS, exchange it for a coupon. */
export function RedeemBar({ isBusy, onRedeem }: { isBusy: boolean; onRedeem: (code: string) => Promise<boolean> }) {
  const [code, setCode] = useState('');
  const trimmed = code.trim();
  const canRedeem = trimmed.length >= 4 && !isBusy;
  const submit = async () => {
    if (!canRedeem) return;
    if (await onRedeem(trimmed)) setCode('');
  };
  return (
    <View className='redeem-bar'>
      <Input
        className='redeem-bar__input'
        placeholder='输入兑换码领取优惠券'
        maxlength={40}
        value={code}
        onInput={(event) => setCode(event.detail.value)}
        onConfirm={() => void submit()}
      />
      <Button className={`btn btn--small ${canRedeem ? 'btn--primary' : 'btn--disabled'} redeem-bar__button`} onClick={() => void submit()}>
        {isBusy ? '兑换中' : '兑换'}
      </Button>
    </View>
  );
}
