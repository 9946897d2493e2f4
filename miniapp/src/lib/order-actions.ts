import Taro from '@tarojs/taro';
import type { Order } from '@siyu/shared';
import { cancelOrder, confirmReceipt } from '../api/orders';
import { go } from './navigation';
import { payOrder } from './payment';

async function confirmed(title: string, content: string, confirmText: string): Promise<boolean> {
  const result = await Taro.showModal({ title, content, confirmText, cancelText: '再想想', confirmColor: '#ee0a24' });
  return result.confirm;
}

/**
 * 去支付 from anywhere: a successful payment opens the result page (in place of the current page when
 * `replace`), otherwise the member stays where they are (checkout goes to the order, unpaid).
 */
export async function payAndShowResult(order: Pick<Order, 'id' | 'payableFen'>, options: { replace: boolean }): Promise<boolean> {
  const outcome = await payOrder(order);
  if (outcome !== 'paid') return false;
  go.payResult(order.id, options);
  return true;
}

/** 取消订单, after asking; the updated order, or null when the member kept it or the call failed (toasted). */
export async function cancelWithConfirm(order: Pick<Order, 'id'>): Promise<Order | null> {
  if (!(await confirmed('取消订单', '确定要取消这个订单吗？取消后商品将不再为你保留。', '取消订单'))) return null;
  try {
    const updated = await cancelOrder(order.id);
    void Taro.showToast({ title: '订单已取消', icon: 'none' });
    return updated;
  } catch {
    return null;
  }
}

/** 确认收货, after asking. */
export async function confirmReceiptWithConfirm(order: Pick<Order, 'id'>): Promise<Order | null> {
  if (!(await confirmed('确认收货', '请确认已收到全部商品，确认后订单将完成。', '确认收货'))) return null;
  try {
    const updated = await confirmReceipt(order.id);
    void Taro.showToast({ title: '已确认收货', icon: 'success' });
    return updated;
  } catch {
    return null;
  }
}
