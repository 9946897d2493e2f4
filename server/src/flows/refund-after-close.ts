/**
 * A payment that arrives for an order we already closed (the shopper paid in the last second, a
 * notification or close crossed, a process died mid-way): the money goes back in full, automatically,
 * exactly once, through the normal refund path. The refund row is written in the same transaction that
 * records the payment (unique out_refund_no `<order no>C`), then sent after the commit; an unknown or
 * lost send is found by the sweeper (reconcileProcessingRefunds), which queries WeChat and re-sends with
 * the same number, which WeChat refunds once.
 */
import { and, eq } from 'drizzle-orm';
import type { ServiceContext } from '../context';
import { orders, payments, refunds } from '../db/schema';
import { addOrderEvent, type OrderRow } from '../modules/orders/repo';
import type { RefundWithOrder } from '../modules/refunds/repo';
import { transitionRefund } from '../modules/refunds/repo';

export const AFTER_CLOSE_REFUND_REASON = '订单关闭后收到付款，系统自动全额退款';

/** The out_refund_no of an order's after-close refund: one per order, since one payment per order can succeed. */
export function afterCloseRefundNo(orderNo: string): string {
  return `${orderNo}C`;
}

/** True for the refund of a payment that arrived after the order was closed. */
export function isAfterCloseRefund(refund: RefundWithOrder['refund']): boolean {
  return refund.orderStatusBefore === 'cancelled';
}

/** Inside the payment's transaction (order locked): records the full refund once; the refund id, or null when it existed. */
export async function recordAfterCloseRefund(tx: ServiceContext, order: OrderRow, amountFen: number): Promise<number | null> {
  const [row] = await tx.db
    .insert(refunds)
    .values({
      orderId: order.id,
      outRefundNo: afterCloseRefundNo(order.orderNo),
      status: 'processing',
      lines: [],
      shippingFen: 0,
      amountFen,
      reason: AFTER_CLOSE_REFUND_REASON,
      orderStatusBefore: 'cancelled',
      restock: false,
      createdAt: tx.now,
      updatedAt: tx.now,
    })
    .onConflictDoNothing({ target: refunds.outRefundNo })
    .returning({ id: refunds.id });
  return row?.id ?? null;
}

/**
 * Inside the refund's lock: the money is back (the payment is marked refunded). Nothing else moves — closing the order already returned
 * stock, coupons, quotas and points, and a closed order never earned points or growth.
 */
export async function settleAfterCloseRefund(
  tx: ServiceContext,
  { refund, order }: RefundWithOrder,
  wechat: { refundId: string; successTime?: string | null },
): Promise<void> {
  const completedAt = wechat.successTime ? new Date(wechat.successTime) : tx.now;
  // From processing, or from abnormal (WeChat's ABNORMAL is not final): only the move that happens adds the money.
  const moved = await transitionRefund(tx.db, refund.id, refund.status, {
    status: 'succeeded',
    wechatRefundId: wechat.refundId,
    completedAt,
    updatedAt: tx.now,
  });
  if (!moved) return;
  await tx.db
    .update(orders)
    .set({ refundedFen: order.refundedFen + refund.amountFen, updatedAt: tx.now })
    .where(eq(orders.id, order.id));
  await tx.db
    .update(payments)
    .set({ status: 'refunded', updatedAt: tx.now })
    .where(and(eq(payments.outTradeNo, order.orderNo), eq(payments.status, 'succeeded')));
  await addOrderEvent(tx.db, {
    orderId: order.id,
    type: 'refunded_after_close',
    actorType: 'wechat',
    actorId: wechat.refundId,
    data: { refundId: refund.id, amountFen: refund.amountFen },
    now: tx.now,
  });
}
