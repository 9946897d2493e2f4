import { ScrollView, Text, View } from '@tarojs/components';
import { formatFen, type Fen, type FlashSaleView } from '@siyu/shared';
import { Countdown, useServerNow } from '../../../components/Countdown';
import { ProductImage } from '../../../components/ProductImage';
import { flashPhase } from '../../flash-sales/flash-state';

/** The sales the strip counts down to: the running ones (until the first end), else the next to start. */
function stripOf(items: readonly FlashSaleView[], nowMs: number): { sales: FlashSaleView[]; until: string; label: string } | null {
  const running = items.filter((sale) => ['ongoing', 'sold_out'].includes(flashPhase(sale, nowMs)));
  const soonest = (list: FlashSaleView[], key: 'startsAt' | 'endsAt') => [...list].sort((a, b) => Date.parse(a[key]) - Date.parse(b[key]))[0];
  const firstEnd = soonest(running, 'endsAt');
  if (firstEnd) return { sales: running, until: firstEnd.endsAt, label: '距结束' };
  const upcoming = items.filter((sale) => flashPhase(sale, nowMs) === 'upcoming');
  const firstStart = soonest(upcoming, 'startsAt');
  return firstStart ? { sales: upcoming, until: firstStart.startsAt, label: '距开始' } : null;
}

/** 限时秒杀 on the home page: a countdown on the server's clock and the sales to scroll through. */
export function FlashStrip({
  items,
  offsetMs,
  onMore,
  onReload,
}: {
  items: readonly FlashSaleView[];
  offsetMs: number;
  onMore: () => void;
  onReload: () => void;
}) {
  // Re-read once a second so that the strip moves from 距开始 to 距结束 by itself.
  const now = useServerNow(offsetMs);
  const strip = stripOf(items, now);
  if (!strip) return null;
  return (
    <View className='card flash-strip'>
      <View className='flash-strip__head' onClick={onMore}>
        <Text className='flash-strip__title'>限时秒杀</Text>
        <Countdown until={strip.until} offsetMs={offsetMs} label={strip.label} className='flash-strip__countdown' onEnd={onReload} />
        <Text className='flash-strip__more'>更多 ›</Text>
      </View>
      <ScrollView className='flash-strip__scroll' scrollX enhanced showScrollbar={false}>
        <View className='flash-strip__row'>
          {strip.sales.slice(0, 8).map((sale) => (
            <View className='flash-strip__item' key={sale.id} onClick={onMore}>
              <ProductImage className='flash-strip__image' src={sale.image} title={sale.productTitle} />
              <Text className='flash-strip__name ellipsis-1'>{sale.productTitle}</Text>
              <Text className='flash-strip__price'>{formatFen(sale.flashPriceFen as Fen)}</Text>
              <Text className='flash-strip__origin'>{formatFen(sale.privatePriceFen as Fen)}</Text>
            </View>
          ))}
        </View>
      </ScrollView>
    </View>
  );
}
