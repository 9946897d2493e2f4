import { Text, View } from '@tarojs/components';
import { membershipPages } from '../../api/membership';
import { fetchTierUpsell } from '../../api/reviews';
import { useAsync } from '../../lib/use-async';
import { growthNeededText, upsellText } from './upsell-text';
import './index.css';

/**
 * The product page's 升级省钱 cell: what the next tier would save on the chosen SKU and the growth still
 * needed; opens the 会员中心 (how to earn growth). Nothing for guests or when the next tier saves nothing.
 */
export function TierUpsell({ productId, skuId, memberKey }: { productId: number; skuId: number | null; memberKey: string }) {
  const loaded = useAsync(() => fetchTierUpsell(productId), `upsell-${productId}-${memberKey}`);
  const upsell = loaded.data ?? null;
  const text = upsellText(upsell, skuId);
  if (!upsell || !text) return null;
  return (
    <View className='tier-upsell' onClick={membershipPages.member} data-testid='tier-upsell'>
      <Text className='tier-upsell__badge'>会员</Text>
      <Text className='tier-upsell__text'>{text}</Text>
      <Text className='tier-upsell__more'>{growthNeededText(upsell)} ›</Text>
    </View>
  );
}
