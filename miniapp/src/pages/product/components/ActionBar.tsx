import { Button, Image, Text, View } from '@tarojs/components';
import cartIcon from '../../../assets/tab/cart.png';
import homeIcon from '../../../assets/tab/home.png';

/** The bottom bar: shop and cart shortcuts, add to cart, buy now (or 已售罄 with 到货提醒). */
export function ActionBar({
  cartCount,
  isSoldOut,
  isWatching,
  onHome,
  onCart,
  onAdd,
  onBuy,
  onNotify,
}: {
  cartCount: number;
  isSoldOut: boolean;
  /** The member already asked for 到货提醒 on this product. */
  isWatching: boolean;
  onHome: () => void;
  onCart: () => void;
  onAdd: () => void;
  onBuy: () => void;
  onNotify: () => void;
}) {
  return (
    <View className='action-bar'>
      <View className='action-bar__icon' onClick={onHome}>
        <Image className='action-bar__glyph' src={homeIcon} />
        <Text className='action-bar__label'>首页</Text>
      </View>
      <View className='action-bar__icon' onClick={onCart}>
        <Image className='action-bar__glyph' src={cartIcon} />
        {cartCount > 0 ? <Text className='action-bar__badge'>{cartCount > 99 ? '99+' : cartCount}</Text> : null}
        <Text className='action-bar__label'>购物车</Text>
      </View>
      {isSoldOut ? (
        <View className='action-bar__buttons'>
          <Button className='btn btn--disabled action-bar__left' disabled>
            已售罄
          </Button>
          <Button
            className={`btn ${isWatching ? 'btn--disabled' : 'btn--primary'} action-bar__right`}
            disabled={isWatching}
            onClick={onNotify}
            data-testid='restock-notify'
          >
            {isWatching ? '已设到货提醒' : '到货提醒'}
          </Button>
        </View>
      ) : (
        <View className='action-bar__buttons'>
          <Button className='btn btn--warm action-bar__left' onClick={onAdd}>
            加入购物车
          </Button>
          <Button className='btn btn--primary action-bar__right' onClick={onBuy}>
            立即购买
          </Button>
        </View>
      )}
    </View>
  );
}
