import { Text, View } from '@tarojs/components';
import { formatFen, type Fen } from '@siyu/shared';
import { priceParts } from '../../lib/format';
import './index.css';

export interface PriceBlockProps {
  /** What this shopper pays for one unit (resolved by the server with the shared pricing code). */
  priceFen: number;
  /** The public reference price, struck through when higher. */
  publicPriceFen: number;
  savingFen: number;
  /** "专享价", or the tier's price name when a tier price won ("钻石价"). */
  label?: string;
  /** A tier-price label is gold, not the plain white one. */
  isTierPrice?: boolean;
  /** An exclusive SKU's badge: "钻石专享". */
  exclusiveBadge?: string | null;
  /** The lowest price of several SKUs ("¥12.50 起"). */
  isFrom?: boolean;
}

/** The product page's price: the shopper's price large, the public price struck through, the saving. */
export function PriceBlock({
  priceFen,
  publicPriceFen,
  savingFen,
  label = '专享价',
  isTierPrice = false,
  exclusiveBadge = null,
  isFrom = false,
}: PriceBlockProps) {
  const { integer, decimal } = priceParts(priceFen);
  const hasPublic = publicPriceFen > priceFen;
  return (
    <View className='price-block'>
      <View className='price-block__row'>
        {exclusiveBadge ? <Text className='price-block__exclusive'>{exclusiveBadge}</Text> : null}
        <Text className={`price-block__label ${isTierPrice ? 'price-block__label--tier' : ''}`}>{label}</Text>
        <Text className='price-block__yen'>¥</Text>
        <Text className='price-block__int'>{integer}</Text>
        <Text className='price-block__dec'>.{decimal}</Text>
        {isFrom ? <Text className='price-block__from'>起</Text> : null}
        {hasPublic ? <Text className='price-block__public'>{formatFen(publicPriceFen as Fen)}</Text> : null}
      </View>
      {savingFen > 0 ? (
        <View className='price-block__saving'>
          <Text className='price-block__saving-tag'>私域专享</Text>
          <Text className='price-block__saving-text'>省{formatFen(savingFen as Fen)}</Text>
        </View>
      ) : null}
    </View>
  );
}
