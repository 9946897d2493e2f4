import { Button, Input, Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { usePromoCode } from '../../../lib/use-promo-code';

/**
 * 直播优惠码 in the cart: the code is kept on this device and sent with the checkout's quote, which
 * says whether it applies (during its session, within its caps).
 */
export function PromoCodeEntry() {
  const { saved, typed, setTyped, save, clear, reload } = usePromoCode('优惠码已保存，结算时自动使用');
  // The live page or checkout may have changed it meanwhile.
  useDidShow(reload);

  return (
    <View className='cart-promo'>
      <Text className='cart-promo__name'>直播优惠码</Text>
      {saved ? (
        <>
          <View className='cart-promo__saved'>
            <Text className='cart-promo__code'>{saved}</Text>
            <Text className='cart-promo__note'>结算时自动使用</Text>
          </View>
          <Text className='cart-promo__clear' onClick={clear}>
            清除
          </Text>
        </>
      ) : (
        <>
          <Input
            className='cart-promo__input'
            placeholder='看直播领的优惠码填这里'
            maxlength={20}
            value={typed}
            onInput={(event) => setTyped(event.detail.value)}
            onConfirm={save}
          />
          <Button className={`btn btn--small ${typed.trim() ? 'btn--primary' : 'btn--disabled'} cart-promo__button`} onClick={save}>
            使用
          </Button>
        </>
      )}
    </View>
  );
}
