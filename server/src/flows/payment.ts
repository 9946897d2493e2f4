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
import { appendEvent } from '../modules/events';
import { WechatPayError, type RequestPaymentParams, type WechatTransaction } from '../wechat/pay';
import { markCouponsUsed } from '../modules/promotions';
import { earnOrderPoints } from '../modules/points';
import { completeMallRedemptionForOrder } from '../modules/points-mall';
import { afterCloseRefundNo, recordAfterCloseRefund } from './refund-after-close';
import { sendRefundByNo } from './refund';

/** A prepay_id is valid 2 hours; we renew it a little before. */
const PREPAY_REUSE_MS = 110 * 60 * 1000;

export interface PaymentStart {
  requestPayment: RequestPaymentParams;
  prepayId: string;
  /** True when WeChat Pay is the simulator (the H5 shop then shows its simulated sheet). */
  simulated: boolean;
}

/** What pay-start found under the order's row lock: a prepay to hand out, or one to create. */
type PrepayPlan = { prepayId: string } | { prepayId: null; outTradeNo: string; amountFen: number; openid: string; expiresAt: Date };

/**
 * POST /api/orders/:id/pay: the parameters for wx.requestPayment. Pay-start and cancel are serialized
 * on the order row: under its lock the order must still be pending_payment and the payment row is
 * written **before** WeChat is called, so a cancel that runs meanwhile sees the payment and closes
 * WeChat's order. After the prepay call the order is locked again; when it was cancelled (or its payment
 * closed) in between, WeChat's order is closed and the prepay is never handed out.
 */
export async function startPayment(sc: ServiceContext, deps: AppDeps, memberId: number, orderId: number): Promise<PaymentStart> {
  const plan = await inTransaction(sc, (tx) => planPrepay(tx, memberId, orderId));
  if (plan.prepayId !== null) return paymentStart(deps, plan.prepayId);
  const prepayId = await prepay(deps, plan);
  const isStillPayable = await inTransaction(sc, async (tx) => {
    const [order] = await tx.db.select({ status: orders.status }).from(orders).where(eq(orders.id, orderId)).for('update');
    if (order?.status !== 'pending_payment') return false;
    const [row] = await tx.db
      .update(payments)
      .set({ prepayId, updatedAt: tx.now })
      .where(and(eq(payments.outTradeNo, plan.outTradeNo), eq(payments.status, 'prepaid')))
      .returning({ id: payments.id });
    return row !== undefined;
  });
  if (!isStillPayable) {
    await closeQuietly(deps, plan.outTradeNo);
    throw new AppError('ORDER_NOT_PAYABLE', undefined, { reason: 'closed_meanwhile' });
  }
  return paymentStart(deps, prepayId);
}

function paymentStart(deps: AppDeps, prepayId: string): PaymentStart {
  return { requestPayment: deps.wechatPay.requestPaymentParams(prepayId), prepayId, simulated: deps.config.pay.simulator };
}

/** Under the order's row lock: refuse anything but a pending, unexpired order; reuse a fresh prepay or record the attempt. */
async function planPrepay(tx: ServiceContext, memberId: number, orderId: number): Promise<PrepayPlan> {
  const [order] = await tx.db
    .select()
    .from(orders)
    .where(and(eq(orders.id, orderId), eq(orders.memberId, memberId)))
    .for('update');
  if (!order) throw new AppError('ORDER_NOT_FOUND');
  if (order.status !== 'pending_payment') throw new AppError('ORDER_NOT_PAYABLE', undefined, { status: order.status });
  if (order.paymentExpiresAt <= tx.now) throw new AppError('ORDER_PAYMENT_EXPIRED');
  const [existing] = await tx.db.select().from(payments).where(eq(payments.outTradeNo, order.orderNo));
  // A payment being closed (a cancel or the expiry close is talking to WeChat) cannot be paid any more.
  if (existing && existing.status !== 'prepaid') throw new AppError('ORDER_NOT_PAYABLE', undefined, { status: order.status, payment: existing.status });
  if (existing?.prepayId && existing.updatedAt.getTime() > tx.now.getTime() - PREPAY_REUSE_MS) return { prepayId: existing.prepayId };
  const [member] = await tx.db.select({ openid: members.openid }).from(members).where(eq(members.id, memberId));
  await tx.db
    .insert(payments)
    .values({ orderId, outTradeNo: order.orderNo, prepayId: null, status: 'prepaid', amountFen: order.payableFen, createdAt: tx.now, updatedAt: tx.now })
    .onConflictDoUpdate({ target: payments.outTradeNo, set: { updatedAt: tx.now } });
  return { prepayId: null, outTradeNo: order.orderNo, amountFen: order.payableFen, openid: member?.openid ?? '', expiresAt: order.paymentExpiresAt };
}

/** Closes WeChat's order after ours was closed during a prepay; a failure is left to the after-close refund. */
async function closeQuietly(deps: AppDeps, outTradeNo: string): Promise<void> {
  try {
    await deps.wechatPay.close(outTradeNo);
  } catch (error) {
    if (!(error instanceof WechatPayError)) throw error;
    deps.logger.warn({ outTradeNo, code: error.code }, 'closing a prepay made during a cancel failed; a late payment is refunded');
  }
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
      // A cancel (or the expiry close) closed WeChat's order while this prepay was on its way: a lost race, not a failure.
      if (error.code === 'ORDER_CLOSED') throw new AppError('ORDER_NOT_PAYABLE', undefined, { reason: 'closed_meanwhile' });
      throw new AppError(error.isOutcomeUnknown ? 'WECHAT_PAY_UNAVAILABLE' : 'WECHAT_PAY_REJECTED', undefined, { code: error.code });
    }
    throw error;
  }
}

export type ApplyOutcome = 'paid' | 'duplicate' | 'paid_after_close' | 'not_success';

/**
 * Applies a verified transaction (notification, query or close check) and, when it paid an order we had
 * already closed, sends the automatic full refund right after the commit (the sweeper retries a failure).
 */
export async function applyPaymentAndSettle(sc: ServiceContext, deps: AppDeps, transaction: WechatTransaction): Promise<ApplyOutcome> {
  const outcome = await applyPayment(sc, transaction);
  if (outcome === 'paid_after_close') {
    try {
      await sendRefundByNo(sc, deps, afterCloseRefundNo(transaction.outTradeNo));
    } catch (error) {
      deps.logger.error({ err: error, outTradeNo: transaction.outTradeNo }, 'after-close refund not sent now; the sweeper retries it');
    }
  }
  return outcome;
}

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
    if (payment?.status === 'succeeded' || payment?.status === 'refunded') return 'duplicate';
    const successAt = transaction.successTime ? new Date(transaction.successTime) : tx.now;
    await tx.db
      .update(payments)
      .set({ status: 'succeeded', transactionId: transaction.transactionId, payerOpenid: transaction.payerOpenid, successAt, updatedAt: tx.now })
      .where(eq(payments.outTradeNo, transaction.outTradeNo));
    if (order.status !== 'pending_payment') {
      // Paid after we closed it (a close that crossed the payment): the money goes back in full, once.
      const refundId = await recordAfterCloseRefund(tx, order, transaction.amount.totalFen);
      await addOrderEvent(tx.db, {
        orderId: order.id,
        type: 'paid_after_close',
        actorType: 'wechat',
        actorId: transaction.transactionId,
        data: { amountFen: transaction.amount.totalFen, refundId },
        now: tx.now,
      });
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
    await appendEvent(tx.db, {
      type: 'order.paid',
      occurredAt: successAt,
      memberId: order.memberId,
      orderId: order.id,
      payload: { paidFen: transaction.amount.totalFen, paidAt: successAt.toISOString() },
    });
    return 'paid';
  });
}
