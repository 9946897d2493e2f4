import { Text, View } from '@tarojs/components';
import type { OrderCounts } from '@siyu/shared';
import { Icon, type IconName } from '../../../components/Icon';
import type { OrderTabKey } from '../../../lib/order-status';

/** The order shortcuts: each opens the order list on its tab; four carry the server's count as a badge. */
const ORDER_ENTRIES = [
  { tab: 'pending_payment', name: '待付款', icon: 'order-pay', count: 'pendingPayment' },
  { tab: 'paid', name: '待发货', icon: 'order-ship', count: 'toShip' },
  { tab: 'shipped', name: '待收货', icon: 'order-receive', count: 'toReceive' },
  { tab: 'completed', name: '已完成', icon: 'order-done', count: null },
  { tab: 'refund', name: '退款/售后', icon: 'order-refund', count: 'refunding' },
] as const satisfies readonly { tab: OrderTabKey; name: string; icon: IconName; count: keyof OrderCounts | null }[];

/** 99+ past two digits, as shops do; nothing for zero. */
export function badgeText(count: number): string | null {
  if (count <= 0) return null;
  return count > 99 ? '99+' : String(count);
}

export function OrderShortcuts({ counts, onOpen }: { counts: OrderCounts | null; onOpen: (tab: OrderTabKey) => void }) {
  return (
    <View className='me__orders-entries'>
      {ORDER_ENTRIES.map((entry) => {
        const badge = entry.count && counts ? badgeText(counts[entry.count]) : null;
        return (
          <View className='me__entry' key={entry.tab} onClick={() => onOpen(entry.tab)}>
            <View className='me__entry-icon-wrap'>
              <Icon name={entry.icon} size={52} />
              {badge ? (
                <Text className='me__badge' aria-label={`${entry.name}${badge}个`}>
                  {badge}
                </Text>
              ) : null}
            </View>
            <Text className='me__entry-name'>{entry.name}</Text>
          </View>
        );
      })}
    </View>
  );
}
