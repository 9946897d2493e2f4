import { Button, Text, View } from '@tarojs/components';
import { formatFen, type Fen, type Order } from '@siyu/shared';
import { OrderLineRow } from '../../../components/OrderLineRow';
import { ProductImage } from '../../../components/ProductImage';
import { formatDateTime, itemCount, statusName } from '../../../lib/order-status';

export interface OrderCardActions {
  onOpen: (order: Order) => void;
  onPay: (order: Order) => void;
  onCancel: (order: Order) => void;
  onConfirmReceipt: (order: Order) => void;
}

/** One order in the list: when, status, its lines (one in full, several as pictures), the amount, and what can be done next. */
export function OrderCard({ order, actions }: { order: Order; actions: OrderCardActions }) {
  const [first] = order.lines;
  const isPending = order.status === 'pending_payment';
  return (
    <View className='order-card' onClick={() => actions.onOpen(order)}>
      <View className='order-card__head'>
        <Text className='order-card__time'>{formatDateTime(order.createdAt)}</Text>
        <Text className={`order-card__status order-card__status--${order.status}`}>{statusName(order.status)}</Text>
      </View>
      {order.lines.length === 1 && first ? (
        <OrderLineRow line={first} />
      ) : (
        <View className='order-card__thumbs'>
          {order.lines.slice(0, 4).map((line) => (
            <View className='order-card__thumb' key={line.lineNo}>
              <ProductImage className='order-card__thumb-image' src={line.image} title={line.title} />
            </View>
          ))}
          {order.lines.length > 4 ? <Text className='order-card__more'>…</Text> : null}
        </View>
      )}
      <View className='order-card__sum'>
        <Text className='order-card__count'>共 {itemCount(order)} 件商品</Text>
        <Text>{isPending ? '需付款' : '实付款'}：</Text>
        <Text className='order-card__amount'>{formatFen(order.payableFen as Fen)}</Text>
      </View>
      {isPending || order.status === 'shipped' ? (
        <View className='order-card__actions' onClick={(event) => event.stopPropagation()}>
          {isPending ? (
            <>
              <Button className='btn btn--small order-card__ghost' onClick={() => actions.onCancel(order)}>
                取消订单
              </Button>
              <Button className='btn btn--small btn--primary' onClick={() => actions.onPay(order)}>
                去支付
              </Button>
            </>
          ) : (
            <Button className='btn btn--small btn--plain' onClick={() => actions.onConfirmReceipt(order)}>
              确认收货
            </Button>
          )}
        </View>
      ) : null}
    </View>
  );
}
