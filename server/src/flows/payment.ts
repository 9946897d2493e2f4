/**
 * Payment: JSAPI prepay for an order (HTTP to WeChat Pay with no transaction open), and applying a
 * verified payment exactly once under a row lock on the order. Steps and their compensations:
 * prepay → (nothing to undo: an unpaid prepay expires with the order's time_expire);
 * apply → one transaction (rolled back whole on any mismatch).
 */
import { and, desc, eq } from 'drizzle-orm';
import type { ServiceContext } from '../context';
import { inTransaction } from '../context';
import type { AppDeps } from '../deps';
import { members, orders, payments } from '../db/schema';
import { AppError } from '../lib/errors';
import { addOrderEvent } from '../modules/orders/repo';
import { WechatPayError, type RequestPaymentParams, type WechatTransaction } from '../wechat/pay';
import { markCouponsUsed } from '../modules/promotions';
import { earnOrderPoints } from '../modules/points';
import { completeMallRedemptionForOrder } from '../modules/points-mall';

/** A prepay_id is valid 2 hours; we renew it a little before. */
const PREPAY_REUSE_MS = 110 * 60 * 1000;

export interface PaymentStart {
  requestPayment: RequestPaymentParams;
  prepayId: string;
  /** True when WeChat Pay is the simulator (the H5 shop then shows its simulated sheet). */
  simulated: boolean;
}

/** POST /api/orders/:id/pay: the parameters for wx.requestPayment. */
export async function startPayment(sc: ServiceContext, deps: AppDeps, memberId: number, orderId: number): Promise<PaymentStart> {
  const [order] = await sc.db.select().from(orders).where(and(eq(orders.id, orderId), eq(orders.memberId, memberId)));
  if (!order) throw new AppError('ORDER_NOT_FOUND');
  if (order.status !== 'pending_payment') throw new AppError('ORDER_STATUS_CONFLICT', undefined, { status: order.status });
  if (order.paymentExpiresAt <= sc.now) throw new AppError('ORDER_PAYMENT_EXPIRED');
  const [member] = await sc.db.select({ openid: members.openid }).from(members).where(eq(members.id, memberId));
  const [existing] = await sc.db.select().from(payments).where(eq(payments.outTradeNo, order.orderNo));
  let prepayId = existing?.prepayId && existing.updatedAt.getTime() > sc.now.getTime() - PREPAY_REUSE_MS ? existing.prepayId : null;
  if (!prepayId) {
    prepayId = await prepay(deps, { outTradeNo: order.orderNo, amountFen: order.payableFen, openid: member?.openid ?? '', expiresAt: order.paymentExpiresAt });
    await sc.db
      .insert(payments)
      .values({ orderId, outTradeNo: order.orderNo, prepayId, status: 'prepaid', amountFen: order.payableFen, createdAt: sc.now, updatedAt: sc.now })
      .onConflictDoUpdate({ target: payments.outTradeNo, set: { prepayId, updatedAt: sc.now } });
  }
  return { requestPayment: deps.wechatPay.requestPaymentParams(prepayId), prepayId, simulated: deps.config.pay.simulator };
}

async function prepay(deps: AppDeps, input: { outTradeNo: string; amountFen: number; openid: string; expiresAt: Date }): Promise<string> {
  try {
    return await deps.wechatPay.jsapiPrepay({
      description: `私域商城订单 ${input.outTradeNo}`,
      outTradeNo: input.outTradeNo,
      amountFen: input.amountFen,
      payerOpenid: input.openid,
      timeExpire: input.expiresAt,
    });
  } catch (error) {
    if (error instanceof WechatPayError) {
      throw new AppError(error.isOutcomeUnknown ? 'WECHAT_PAY_UNAVAILABLE' : 'WECHAT_PAY_REJECTED', undefined, { code: error.code });
    }
    throw error;
  }
}

export type ApplyOutcome = 'paid' | 'duplicate' | 'paid_after_close' | 'not_success';

/**
 * Applies a verified transaction to its order, exactly once: the order row is locked, the amount must
 * equal what the order asks, and only pending_payment → paid moves. A duplicate (same transaction id)
 * changes nothing. Throws AppError on a mismatch so the notification is refused and logged.
 */
export async function applyPayment(sc: ServiceContext, transaction: WechatTransaction): Promise<ApplyOutcome> {
  if (transaction.tradeState !== 'SUCCESS') return 'not_success';
  return inTransaction(sc, async (tx) => {
    const [order] = await tx.db.select().from(orders).where(eq(orders.orderNo, transaction.outTradeNo)).for('update');
    if (!order) throw new AppError('ORDER_NOT_FOUND', undefined, { outTradeNo: transaction.outTradeNo });
    if (transaction.amount.totalFen !== order.payableFen) {
      throw new AppError('VALIDATION_FAILED', 'amount does not match the order', { expectedFen: order.payableFen, gotFen: transaction.amount.totalFen });
    }
    const [payment] = await tx.db.select().from(payments).where(eq(payments.outTradeNo, transaction.outTradeNo)).orderBy(desc(payments.id));
    if (payment?.status === 'succeeded') return 'duplicate';
    const successAt = transaction.successTime ? new Date(transaction.successTime) : tx.now;
    await tx.db
      .update(payments)
      .set({ status: 'succeeded', transactionId: transaction.transactionId, payerOpenid: transaction.payerOpenid, successAt, updatedAt: tx.now })
      .where(eq(payments.outTradeNo, transaction.outTradeNo));
    if (order.status !== 'pending_payment') {
      // Paid after we closed it (a race with the sweeper): keep the money on record for a refund.
      await addOrderEvent(tx.db, { orderId: order.id, type: 'paid_after_close', actorType: 'wechat', actorId: transaction.transactionId, data: { amountFen: transaction.amount.totalFen }, now: tx.now });
      return 'paid_after_close';
    }
    await tx.db.update(orders).set({ status: 'paid', paidAt: successAt, updatedAt: tx.now }).where(eq(orders.id, order.id));
    await markCouponsUsed(tx.db, order.id, tx.now);
    await earnOrderPoints(tx, order.id);
    await completeMallRedemptionForOrder(tx, order.id);
    await addOrderEvent(tx.db, {
      orderId: order.id,
      type: 'paid',
      fromStatus: 'pending_payment',
      toStatus: 'paid',
      actorType: 'wechat',
      actorId: transaction.transactionId,
      data: { amountFen: transaction.amount.totalFen },
      now: tx.now,
    });
    return 'paid';
  });
}
