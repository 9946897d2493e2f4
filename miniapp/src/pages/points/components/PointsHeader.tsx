import { Text, View } from '@tarojs/components';
import { formatFen, pointsValueFen, type Fen, type PointsSummaryView } from '@siyu/shared';
import { formatCount } from '../../../components/TierBadge';
import { expiringText, totalText } from '../points-text';

/**
 * 可用积分 big (what checkout and the points mall can spend — the same number both show), then what is
 * still pending (待入账), what expires within 30 days and what the usable points are worth. The
 * definition of each is `pointsBalanceOf` (shared); the total is their sum, never the headline.
 */
export function PointsHeader({ summary, onOpenMall }: { summary: PointsSummaryView; onOpenMall: () => void }) {
  const expiring = expiringText(summary);
  const worth = pointsValueFen(summary.available, summary.pointsPerYuan);
  return (
    <View className='points-head'>
      <View className='points-head__top'>
        <View>
          <Text className='points-head__label'>可用积分</Text>
          <Text className='points-head__balance points-head__available'>{formatCount(summary.available)}</Text>
        </View>
        <Text className='points-head__mall' onClick={onOpenMall}>
          积分商城 ›
        </Text>
      </View>
      <View className='points-head__stats'>
        <View className='points-head__stat'>
          <Text className='points-head__stat-value points-head__pending'>{formatCount(summary.pending)}</Text>
          <Text className='points-head__stat-name'>待入账</Text>
        </View>
        <View className='points-head__stat'>
          <Text className='points-head__stat-value points-head__expiring'>{formatCount(summary.expiringSoon)}</Text>
          <Text className='points-head__stat-name'>30天内过期</Text>
        </View>
        <View className='points-head__stat'>
          <Text className='points-head__stat-value'>{formatFen(worth as Fen)}</Text>
          <Text className='points-head__stat-name'>可抵现金</Text>
        </View>
      </View>
      <Text className='points-head__note'>{totalText(summary)}</Text>
      <Text className='points-head__note'>{expiring ?? `${summary.pointsPerYuan} 积分抵 ¥1，下单时可用；购物所得积分待入账期满后可用`}</Text>
    </View>
  );
}
