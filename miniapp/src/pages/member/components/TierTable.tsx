import { Text, View } from '@tarojs/components';
import type { MembershipView } from '@siyu/shared';
import { formatCount, tierStyle } from '../../../components/TierBadge';
import { discountText, multiplierText } from '../member-text';

/** 等级说明: every tier with its growth threshold, discount and points multiplier; the member's row marked. */
export function TierTable({ tiers, current }: { tiers: MembershipView['tiers']; current: string }) {
  return (
    <View className='card member__section'>
      <Text className='member__section-title'>等级说明</Text>
      <View className='tier-table' role='table'>
        <View className='tier-table__row tier-table__row--head' role='row'>
          <Text className='tier-table__cell tier-table__cell--tier'>等级</Text>
          <Text className='tier-table__cell'>成长值</Text>
          <Text className='tier-table__cell'>会员折扣</Text>
          <Text className='tier-table__cell'>积分倍率</Text>
        </View>
        {tiers.map((tier) => (
          <View className={`tier-table__row ${tier.code === current ? 'tier-table__row--current' : ''}`} role='row' key={tier.code}>
            <View className='tier-table__cell tier-table__cell--tier'>
              <View className='tier-table__dot' style={{ background: tierStyle(tier.code).to }} />
              <Text>{tier.name}</Text>
              {tier.code === current ? <Text className='tier-table__me'>当前</Text> : null}
            </View>
            <Text className='tier-table__cell'>{formatCount(tier.growthThreshold)}</Text>
            <Text className='tier-table__cell'>{discountText(tier.discountBp) ?? '—'}</Text>
            <Text className='tier-table__cell'>{multiplierText(tier.pointsMultiplierBp)}倍</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
