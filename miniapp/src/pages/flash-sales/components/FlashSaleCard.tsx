import { Button, Text, View } from '@tarojs/components';
import { formatFen, type Fen, type FlashSaleView } from '@siyu/shared';
import { Countdown, useServerNow } from '../../../components/Countdown';
import { ProductImage } from '../../../components/ProductImage';
import { specsText } from '../../../lib/format';
import { flashButton, flashPhase, soldPercent, startTimeText } from '../flash-state';

export interface FlashSaleCardProps {
  sale: FlashSaleView;
  /** Server clock − device clock, measured when the list arrived. */
  offsetMs: number;
  onGrab: (sale: FlashSaleView) => void;
  onOpen: (sale: FlashSaleView) => void;
  /** The sale ended while shown: reload. */
  onEnded: () => void;
}

/**
 * One flash sale, shown as its product (picture, name, specs) with the flash price against 原价, sold progress, the countdown, and the button for
 * its phase on the server's clock (即将开始 disabled until the start, then 马上抢; 已抢光; 已结束).
 */
export function FlashSaleCard({ sale, offsetMs, onGrab, onOpen, onEnded }: FlashSaleCardProps) {
  const now = useServerNow(offsetMs);
  const phase = flashPhase(sale, now);
  const button = flashButton(phase);
  const percent = soldPercent(sale);
  return (
    <View className={`flash-card flash-card--${phase}`}>
      <View className='flash-card__media' onClick={() => onOpen(sale)}>
        <ProductImage className='flash-card__image' src={sale.image} title={sale.productTitle} />
        {/* The campaign name is the merchant's; the shopper sees it only as the badge on the picture. */}
        <Text className='flash-card__badge ellipsis-1'>{sale.title || '秒杀'}</Text>
      </View>
      <View className='flash-card__body'>
        <Text className='flash-card__title ellipsis-2' onClick={() => onOpen(sale)}>
          {sale.productTitle}
        </Text>
        <Text className='flash-card__specs ellipsis-1'>
          {specsText(sale.specs)}
          {sale.perMemberLimit > 0 ? ` · 每人限购${sale.perMemberLimit}件` : ''}
        </Text>
        {phase === 'upcoming' ? (
          <View className='flash-card__when'>
            <Text className='flash-card__start'>{startTimeText(sale.startsAt)} 开抢</Text>
            <Countdown until={sale.startsAt} offsetMs={offsetMs} label='距开始' variant='text' className='flash-card__countdown' />
          </View>
        ) : phase === 'ongoing' ? (
          <View className='flash-card__when'>
            <View className='flash-card__progress' aria-label={`已抢${percent}%`}>
              <View className='flash-card__progress-bar' style={{ width: `${percent}%` }} />
            </View>
            <Text className='flash-card__sold'>已抢{sale.soldUnits}件</Text>
            <Countdown until={sale.endsAt} offsetMs={offsetMs} label='距结束' variant='text' className='flash-card__countdown' onEnd={onEnded} />
          </View>
        ) : (
          <View className='flash-card__when'>
            <Text className='flash-card__sold'>
              共{sale.totalUnits}件 · 已抢{sale.soldUnits}件
            </Text>
          </View>
        )}
        <View className='flash-card__foot'>
          <View className='flash-card__prices'>
            <Text className='flash-card__price'>{formatFen(sale.flashPriceFen as Fen)}</Text>
            {sale.privatePriceFen > sale.flashPriceFen ? <Text className='flash-card__origin'>原价{formatFen(sale.privatePriceFen as Fen)}</Text> : null}
          </View>
          <Button
            className={`btn btn--small flash-card__button ${button.isEnabled ? 'btn--primary' : 'btn--disabled'}`}
            disabled={!button.isEnabled}
            onClick={() => button.isEnabled && onGrab(sale)}
          >
            {button.label}
          </Button>
        </View>
      </View>
    </View>
  );
}
