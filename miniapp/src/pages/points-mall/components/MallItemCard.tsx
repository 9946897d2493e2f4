import { Button, Text, View } from '@tarojs/components';
import type { PointsMallItemView } from '@siyu/shared';
import { ProductImage } from '../../../components/ProductImage';
import { TierBadge } from '../../../components/TierBadge';
import { mallPriceText, mallStockText, type RedeemButton } from '../redeem-state';

export interface MallItemCardProps {
  item: PointsMallItemView;
  button: RedeemButton;
  onOpen: () => void;
  onRedeem: () => void;
}

/** A points-mall item: picture (a ticket for coupons), title, points (+ cash), stock and limit, tier, 兑换. */
export function MallItemCard({ item, button, onOpen, onRedeem }: MallItemCardProps) {
  return (
    <View className={`mall-card ${button.isEnabled ? '' : 'mall-card--off'}`} onClick={onOpen}>
      {item.kind === 'coupon' ? (
        <View className='mall-card__ticket'>
          <Text className='mall-card__ticket-glyph'>券</Text>
          <Text className='mall-card__ticket-name'>优惠券</Text>
        </View>
      ) : (
        <ProductImage className='mall-card__image' src={item.image} title={item.title} />
      )}
      <View className='mall-card__body'>
        <View className='mall-card__title-row'>
          {item.minTier ? <TierBadge tierCode={item.minTier} suffix='专享' className='mall-card__tier' /> : null}
          <Text className='mall-card__title ellipsis-2'>{item.title}</Text>
        </View>
        <Text className='mall-card__stock'>{mallStockText(item)}</Text>
        <View className='mall-card__foot'>
          <Text className='mall-card__price'>{mallPriceText(item)}</Text>
          <Button
            className={`btn btn--small mall-card__button ${button.isEnabled ? 'btn--primary' : 'btn--disabled'}`}
            disabled={!button.isEnabled}
            onClick={(event) => {
              event.stopPropagation();
              if (button.isEnabled) onRedeem();
            }}
          >
            {button.label}
          </Button>
        </View>
      </View>
    </View>
  );
}
