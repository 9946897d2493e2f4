import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import type { OrderRewards } from '@siyu/shared';
import { membershipPages } from '../../../api/membership';
import { fetchOrderRewards } from '../../../api/shopper';
import { Icon } from '../../../components/Icon';
import { rewardLines } from '../rewards-text';

/** What this order earned, as the server's ledgers say (points booked by the payment, growth to come). */
export function OrderRewardsCard({ orderId }: { orderId: number }) {
  const [rewards, setRewards] = useState<OrderRewards | null>(null);
  useEffect(() => {
    void fetchOrderRewards(orderId).then(setRewards, () => setRewards(null));
  }, [orderId]);
  const lines = rewards ? rewardLines(rewards) : [];
  if (lines.length === 0) return null;
  return (
    <View className='card pay-rewards' onClick={() => membershipPages.points()}>
      <Text className='pay-rewards__title'>本单奖励</Text>
      {lines.map((line) => (
        <View className='pay-rewards__line' key={line.key}>
          <Icon name={line.key === 'points' ? 'points' : 'member'} size={36} />
          <Text className='pay-rewards__amount'>{line.amount}</Text>
          <Text className='pay-rewards__note'>{line.note}</Text>
        </View>
      ))}
    </View>
  );
}
