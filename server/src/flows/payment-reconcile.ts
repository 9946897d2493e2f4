/**
 * Asking WeChat Pay when we cannot wait for (or did not get) its notification: before an unpaid order
 * is closed, and for prepaid orders whose notification is late. HTTP happens outside transactions.
 */
import { and, eq, lt } from 'drizzle-orm';
import { inTransaction, type ServiceContext } from '../context';
import type { AppDeps } from '../deps';
import { orders, payments } from '../db/schema';
import { WechatPayError } from '../wechat/pay';
import { applyPaymentAndSettle } from './payment';

/** What we know about an order's WeChat payment before closing it. */
export type PaymentCheck = 'no_payment' | 'paid' | 'closed' | 'unknown';

/**
 * When an order has a prepay, asks WeChat: paid → applied now (the order must not be closed);
 * otherwise WeChat's order is closed first, so it can no longer be paid, then ours may close.
 */
export async function settleBeforeClose(sc: ServiceContext, deps: AppDeps, orderNo: string): Promise<PaymentCheck> {
  const [payment] = await sc.db.select().from(payments).where(eq(payments.outTradeNo, orderNo));
  if (!payment) return 'no_payment';
  if (payment.status === 'succeeded') return 'paid';
  if (payment.status === 'closed') return 'closed';
  try {
    const transaction = await deps.wechatPay.queryByOutTradeNo(orderNo);
    if (transaction.tradeState === 'SUCCESS') {
      await applyPaymentAndSettle(sc, deps, transaction);
      return 'paid';
    }
    if (transaction.tradeState !== 'CLOSED') await deps.wechatPay.close(orderNo);
  } catch (error) {
    if (!(error instanceof WechatPayError)) throw error;
    // "Not found" is not "nothing can be paid": a prepay may still be on its way (or was made by another
    // process). Close it anyway so it can never be paid; a pay-start that finishes later sees our
    // payment closed and closes WeChat's order again.
    if (error.status !== 404 || !(await closeEvenIfUnknown(deps, orderNo))) return 'unknown';
  }
  await inTransaction(sc, (tx) =>
    tx.db
      .update(payments)
      .set({ status: 'closed', updatedAt: tx.now })
      .where(and(eq(payments.outTradeNo, orderNo), eq(payments.status, 'prepaid'))),
  );
  return 'closed';
}

/** Closes an order WeChat said it does not know; true when it is closed or still unknown to WeChat. */
async function closeEvenIfUnknown(deps: AppDeps, orderNo: string): Promise<boolean> {
  try {
    await deps.wechatPay.close(orderNo);
    return true;
  } catch (error) {
    if (!(error instanceof WechatPayError)) throw error;
    return error.status === 404;
  }
}

/** Prepaid orders still pending after `lateAfterMs`: query WeChat and apply any success we missed. */
export async function reconcileLatePayments(sc: ServiceContext, deps: AppDeps, lateAfterMs = 2 * 60 * 1000, batchSize = 50): Promise<number> {
  const rows = await sc.db
    .select({ outTradeNo: payments.outTradeNo })
    .from(payments)
    .innerJoin(orders, eq(orders.id, payments.orderId))
    .where(and(eq(payments.status, 'prepaid'), eq(orders.status, 'pending_payment'), lt(payments.updatedAt, new Date(sc.now.getTime() - lateAfterMs))))
    .limit(batchSize);
  let applied = 0;
  for (const row of rows) {
    try {
      const transaction = await deps.wechatPay.queryByOutTradeNo(row.outTradeNo);
      if (transaction.tradeState === 'SUCCESS' && (await applyPaymentAndSettle(sc, deps, transaction)) === 'paid') applied += 1;
    } catch (error) {
      if (!(error instanceof WechatPayError)) throw error;
    }
  }
  return applied;
}
