import { Text, View } from '@tarojs/components';
import { formatFen, type Fen, type ShippingDecision } from '@siyu/shared';
import './index.css';

export interface PriceSummaryProps {
  goodsSubtotalFen: number;
  /** Goods discounts (coupons, promotions); hidden when 0. */
  discountFen: number;
  shippingFeeFen: number;
  payableFen: number;
  /** How shipping was decided (a quote has it; an order does not keep it). */
  shipping?: Pick<ShippingDecision, 'basis' | 'shortOfFreeFen' | 'freeThresholdFen' | 'baseFeeFen'>;
  /** The server's explanation of every number, line by line. */
  explanation: readonly string[];
  itemCount: number;
  payableLabel?: string;
  /** "去凑单" next to the free-shipping hint. */
  onAddMore?: () => void;
}

const fen = (amount: number) => formatFen(amount as Fen);

/** "¥99" for whole yuan: thresholds read like the store's own words (满¥99包邮). */
const compactFen = (amount: number) => fen(amount).replace(/\.00$/, '');

/** The free-shipping hint: how much more makes shipping free, or that it already is. */
export function shippingHint(shipping: PriceSummaryProps['shipping']): string | null {
  if (!shipping || shipping.freeThresholdFen === null) return null;
  if (shipping.basis === 'free_by_threshold') return `已满${compactFen(shipping.freeThresholdFen)}包邮`;
  if (shipping.basis === 'base_fee' && shipping.shortOfFreeFen > 0) return `再买${fen(shipping.shortOfFreeFen)} 包邮`;
  return null;
}

/** Checkout's and the order's amounts: goods, discounts, shipping (with the free-shipping hint), total, and why. */
export function PriceSummary({
  goodsSubtotalFen,
  discountFen,
  shippingFeeFen,
  payableFen,
  shipping,
  explanation,
  itemCount,
  payableLabel = '小计',
  onAddMore,
}: PriceSummaryProps) {
  const hint = shippingHint(shipping);
  const isFreeByThreshold = shipping?.basis === 'free_by_threshold';
  return (
    <View className='price-summary'>
      <View className='price-summary__row'>
        <Text>商品金额</Text>
        <Text className='price-summary__value'>{fen(goodsSubtotalFen)}</Text>
      </View>
      {discountFen > 0 ? (
        <View className='price-summary__row'>
          <Text>优惠</Text>
          <Text className='price-summary__value price-summary__value--red'>-{fen(discountFen)}</Text>
        </View>
      ) : null}
      <View className='price-summary__row'>
        <Text>运费</Text>
        <View className='price-summary__shipping'>
          {isFreeByThreshold && shipping ? <Text className='price-summary__struck'>{fen(shipping.baseFeeFen)}</Text> : null}
          <Text className='price-summary__value'>{shippingFeeFen > 0 ? fen(shippingFeeFen) : '免运费'}</Text>
        </View>
      </View>
      {hint ? (
        <View className={`price-summary__hint ${isFreeByThreshold ? 'price-summary__hint--done' : ''}`}>
          <Text className='price-summary__hint-tag'>包邮</Text>
          <Text className='price-summary__hint-text'>{hint}</Text>
          {onAddMore && !isFreeByThreshold ? (
            <Text className='price-summary__hint-action' onClick={onAddMore}>
              去凑单 ›
            </Text>
          ) : null}
        </View>
      ) : null}
      {explanation.length > 0 ? (
        <View className='price-summary__explain'>
          <Text className='price-summary__explain-title'>计价说明</Text>
          {explanation.map((line, index) => (
            <Text className='price-summary__explain-line' key={`${index}-${line}`}>
              {line}
            </Text>
          ))}
        </View>
      ) : null}
      <View className='price-summary__total'>
        <Text className='price-summary__count'>共 {itemCount} 件</Text>
        <Text>{payableLabel}：</Text>
        <Text className='price-summary__payable'>{fen(payableFen)}</Text>
      </View>
    </View>
  );
}
