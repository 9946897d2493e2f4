import { Button, Input, Text, View } from '@tarojs/components';
import type { LiveSessionStatus } from '@siyu/shared';
import { usePromoCode } from '../../../lib/use-promo-code';

/**
 * 直播优惠码: the code the host reads out. It is remembered on this device and applied at checkout
 * (the server checks it there: during the session, within its caps).
 */
export function PromoCodeCard({ status }: { status: LiveSessionStatus }) {
  const { saved, typed, setTyped, save, clear } = usePromoCode('优惠码已保存，下单时自动使用');
  if (status === 'ended') {
    return (
      <View className='card live-code'>
        <Text className='live-code__title'>直播优惠码</Text>
        <Text className='live-code__hint'>直播已结束，本场优惠码已失效</Text>
      </View>
    );
  }
  return (
    <View className='card live-code'>
      <Text className='live-code__title'>直播优惠码</Text>
      <Text className='live-code__hint'>{status === 'live' ? '输入主播口播的优惠码，下单立享直播专属优惠' : '开播后主播会口播优惠码，开播后下单可用'}</Text>
      <View className='live-code__row'>
        <Input
          className='live-code__input'
          placeholder='输入优惠码'
          maxlength={20}
          value={typed}
          onInput={(event) => setTyped(event.detail.value)}
          onConfirm={save}
        />
        <Button className={`btn btn--small ${typed.trim() ? 'btn--primary' : 'btn--disabled'} live-code__button`} onClick={save}>
          使用
        </Button>
      </View>
      {saved ? (
        <View className='live-code__saved'>
          <Text>
            已保存优惠码 <Text className='live-code__code'>{saved}</Text>，结算时自动使用
          </Text>
          <Text className='live-code__clear' onClick={clear}>
            清除
          </Text>
        </View>
      ) : null}
    </View>
  );
}
