import { Text, View } from '@tarojs/components';
import { formatFen, type Fen, type PointsMallRedemptionView } from '@siyu/shared';
import { entryTimeText } from '../../points/points-text';

const STATUS: Readonly<Record<PointsMallRedemptionView['status'], string>> = {
  completed: '已兑换',
  pending_payment: '待支付',
  cancelled: '已取消',
};

/** One redemption: what, for how many points (+ cash), when, and its state; goods open their order. */
export function RedemptionRow({ redemption, onOpenOrder }: { redemption: PointsMallRedemptionView; onOpenOrder: (orderId: number) => void }) {
  const cash = redemption.cashFen > 0 ? ` + ${formatFen(redemption.cashFen as Fen)}` : '';
  const orderId = redemption.orderId;
  return (
    <View className='mall-redemption' onClick={() => orderId !== null && onOpenOrder(orderId)}>
      <View className='mall-redemption__main'>
        <Text className='mall-redemption__title ellipsis-1'>{redemption.item?.title ?? `兑换 #${redemption.id}`}</Text>
        <Text className='mall-redemption__meta'>
          {redemption.points} 积分{cash} · {entryTimeText(redemption.createdAt)}
        </Text>
      </View>
      <Text className={`mall-redemption__status mall-redemption__status--${redemption.status}`}>{STATUS[redemption.status]}</Text>
      {orderId !== null ? <Text className='mall-redemption__arrow'>›</Text> : null}
    </View>
  );
}
