import { Text, View } from '@tarojs/components';
import type { Order } from '@siyu/shared';
import { formatCountdown, statusDescription, statusName } from '../../../lib/order-status';

/** The red header: the status in words, and for an unpaid order the time left to pay. */
export function StatusHeader({ order, remainingMs }: { order: Order; remainingMs: number | null }) {
  const isPending = order.status === 'pending_payment';
  const isExpired = isPending && remainingMs === 0;
  return (
    <View className='order-status'>
      <Text className='order-status__name'>{isExpired ? '支付已超时' : isPending ? '等待买家付款' : statusName(order.status)}</Text>
      {isPending && remainingMs !== null && !isExpired ? (
        <Text className='order-status__desc'>
          剩余 <Text className='order-status__countdown'>{formatCountdown(remainingMs)}</Text>，超时未支付订单将自动取消
        </Text>
      ) : (
        <Text className='order-status__desc'>{isExpired ? '订单即将自动取消' : statusDescription(order)}</Text>
      )}
    </View>
  );
}
