import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { Order } from '@siyu/shared';
import { formatDateTime } from '../../../lib/order-status';

/** Order number (copyable), times, payment method, remark. */
export function OrderInfo({ order }: { order: Order }) {
  const copy = () => void Taro.setClipboardData({ data: order.orderNo });
  const rows: [string, string][] = [
    ['下单时间', formatDateTime(order.createdAt)],
    ...(order.paidAt
      ? ([
          ['支付方式', '微信支付'],
          ['支付时间', formatDateTime(order.paidAt)],
        ] as [string, string][])
      : []),
    ...(order.shippedAt ? ([['发货时间', formatDateTime(order.shippedAt)]] as [string, string][]) : []),
    ...(order.carrier ? ([['物流', `${order.carrier} ${order.trackingNo ?? ''}`.trim()]] as [string, string][]) : []),
    ['订单备注', order.remark || '无'],
  ];
  return (
    <View className='order-info'>
      <View className='order-info__row'>
        <Text className='order-info__name'>订单编号</Text>
        <Text className='order-info__value'>{order.orderNo}</Text>
        <Text className='order-info__copy' onClick={copy}>
          复制
        </Text>
      </View>
      {rows.map(([name, value]) => (
        <View className='order-info__row' key={name}>
          <Text className='order-info__name'>{name}</Text>
          <Text className='order-info__value'>{value}</Text>
        </View>
      ))}
    </View>
  );
}
