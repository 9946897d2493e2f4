/**
 * Refund, after a member's request: staff approval → the WeChat Pay refund call (HTTP with no
 * transaction open) → the result applied exactly once under the order's row lock, whether it comes
 * from the call's answer, a REFUND.* notification or a query. Steps and their compensations:
 * approve (one audited transaction) → send (nothing to undo: an unknown outcome leaves the refund
 * processing, and reconcileProcessingRefunds queries it, re-sending with the same out_refund_no, which
 * WeChat refunds once) → apply success (one transaction) | failure (one transaction that puts the
 * order back in its status before the request). ABNORMAL is not final (WeChat took the money but could not
 * pay it out): the refund waits as `abnormal`, the order stays `refunding`, staff finish it on the merchant
 * platform, and the later SUCCESS or CLOSED settles it like any other.
 */
import { and, eq } from 'drizzle-orm';
import type { AdminRefund } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../context';
import type { AppDeps } from '../deps';
import { orders, refunds } from '../db/schema';
import { AppError } from '../lib/errors';
import { addOrderEvent, findOrderLines, releasePurchaseQuota, returnStock } from '../modules/orders/repo';
import { appendEvent } from '../modules/events';
import { isAfterCloseRefund, settleAfterCloseRefund } from './refund-after-close';
import {
  addLineRefund,
  findOverdueRefunds,
  findRefundWithOrderByNo,
  lockRefundWithOrder,
  transitionRefund,
  type RefundWithOrder,
} from '../modules/refunds/repo';
import { getRefundForStaff, markRefundApproved, markReturnReceived } from '../modules/refunds/service';
import { WechatPayError, type WechatRefundNotice } from '../wechat/pay';
import { returnCouponsAfterFullRefund } from '../modules/promotions';
import { reverseRefundGrowth } from '../modules/membership';
import { reverseOrderPointsForRefund } from '../modules/points';

/** What WeChat Pay says of a refund: its refund and query answers and its notifications all carry this. */
export type RefundResult = Pick<WechatRefundNotice, 'outRefundNo' | 'outTradeNo' | 'refundId' | 'status' | 'successTime'> & {
  amount: Pick<WechatRefundNotice['amount'], 'refundFen' | 'totalFen'>;
};

export type RefundOutcome = 'succeeded' | 'failed' | 'abnormal' | 'processing' | 'duplicate';

/** Where each final or parking WeChat Pay refund status takes our refund. */
const TARGET_OF = { SUCCESS: 'succeeded', CLOSED: 'failed', ABNORMAL: 'abnormal' } as const;
/** Refunds a final WeChat status may still settle: sent and waiting, or waiting for the merchant's manual handling. */
const UNSETTLED: readonly string[] = ['processing', 'abnormal'];

interface SendOutcome {
  outcome: RefundOutcome | 'unknown' | 'rejected';
  wechatCode?: string;
}

/**
 * POST /api/admin/refunds/:id/approve: approve, then ask WeChat Pay to pay it back — unless it is a
 * 退货退款, which now waits for the goods (awaiting_return) and pays out on confirmReturnReceipt.
 */
export async function approveRefund(sc: ServiceContext, deps: AppDeps, id: number, restock: boolean): Promise<AdminRefund> {
  const approved = await markRefundApproved(sc, id, restock);
  if (approved.refund.status === 'processing') await payOut(sc, deps, approved);
  return getRefundForStaff(sc, id);
}

/**
 * POST /api/admin/refunds/:id/confirm-receipt: staff confirm the returned goods arrived (returning →
 * processing, once), then the money goes back through the same send step as any refund (out_refund_no
 * refunds once, so exactly-once holds).
 */
export async function confirmReturnReceipt(sc: ServiceContext, deps: AppDeps, id: number): Promise<AdminRefund> {
  await payOut(sc, deps, await markReturnReceived(sc, id));
  return getRefundForStaff(sc, id);
}

async function payOut(sc: ServiceContext, deps: AppDeps, approved: RefundWithOrder): Promise<void> {
  const sent = await sendRefund(sc, deps, approved);
  if (sent.outcome === 'rejected') throw new AppError('REFUND_WECHAT_REJECTED', undefined, { refundId: approved.refund.id, wechatCode: sent.wechatCode });
}

/** Sends a processing refund (by its out_refund_no) to WeChat Pay now, e.g. the after-close refund right after its commit. */
export async function sendRefundByNo(sc: ServiceContext, deps: AppDeps, outRefundNo: string): Promise<RefundOutcome | 'unknown' | 'rejected'> {
  const item = await findRefundWithOrderByNo(sc.db, outRefundNo);
  if (item?.refund.status !== 'processing') return 'duplicate';
  return (await sendRefund(sc, deps, item)).outcome;
}

/** Asks WeChat Pay to refund and applies a definite answer; an unknown outcome leaves the refund processing. */
async function sendRefund(sc: ServiceContext, deps: AppDeps, { refund, order }: RefundWithOrder): Promise<SendOutcome> {
  let result: RefundResult;
  try {
    result = await deps.wechatPay.refund({
      outTradeNo: order.orderNo,
      outRefundNo: refund.outRefundNo,
      refundFen: refund.amountFen,
      totalFen: order.payableFen,
      reason: refund.reason,
    });
  } catch (error) {
    if (!(error instanceof WechatPayError)) throw error;
    if (error.isOutcomeUnknown) {
      deps.logger.warn({ outRefundNo: refund.outRefundNo, code: error.code }, 'wechat pay refund outcome unknown; left for reconciliation');
      return { outcome: 'unknown' };
    }
    // WeChat refused it (it created no refund): the request fails and the order goes back.
    await inTransaction(sc, async (tx) => {
      const locked = await lockRefundWithOrder(tx.db, { id: refund.id });
      if (locked.refund.status === 'processing') await settleFailure(tx, locked, { wechatCode: error.code });
    });
    return { outcome: 'rejected', wechatCode: error.code };
  }
  return { outcome: await applyRefundResult(sc, result) };
}

function assertSameRefund({ refund, order }: RefundWithOrder, result: RefundResult): void {
  if (result.outTradeNo !== order.orderNo || result.amount.refundFen !== refund.amountFen || result.amount.totalFen !== order.payableFen) {
    throw new AppError('VALIDATION_FAILED', 'the refund does not match ours', {
      outRefundNo: refund.outRefundNo,
      expected: { outTradeNo: order.orderNo, refundFen: refund.amountFen, totalFen: order.payableFen },
      got: { outTradeNo: result.outTradeNo, refundFen: result.amount.refundFen, totalFen: result.amount.totalFen },
    });
  }
}

/**
 * Applies what WeChat Pay says of a refund, exactly once, under the order's row lock: SUCCESS and CLOSED
 * settle a processing or abnormal refund, ABNORMAL parks a processing one; the same result again changes
 * nothing, and a late ABNORMAL after the final outcome is ignored. Throws AppError on a mismatch or a
 * contradiction, so a notification is refused and logged.
 */
export async function applyRefundResult(sc: ServiceContext, result: RefundResult): Promise<RefundOutcome> {
  if (result.status === 'PROCESSING') {
    await sc.db
      .update(refunds)
      .set({ wechatRefundId: result.refundId })
      .where(and(eq(refunds.outRefundNo, result.outRefundNo), eq(refunds.status, 'processing')));
    return 'processing';
  }
  const wechatStatus = result.status;
  return inTransaction(sc, async (tx) => {
    const locked = await lockRefundWithOrder(tx.db, { outRefundNo: result.outRefundNo });
    assertSameRefund(locked, result);
    const target = TARGET_OF[wechatStatus];
    const current = locked.refund.status;
    if (current === target || (wechatStatus === 'ABNORMAL' && (current === 'succeeded' || current === 'failed'))) {
      // Still abnormal: the sweeper asks again after its slower interval, counted from now.
      if (current === 'abnormal') await tx.db.update(refunds).set({ updatedAt: tx.now }).where(eq(refunds.id, locked.refund.id));
      return 'duplicate';
    }
    if (!UNSETTLED.includes(current) || (wechatStatus === 'ABNORMAL' && current !== 'processing')) {
      throw new AppError('REFUND_STATUS_CONFLICT', undefined, { status: current, wechatStatus });
    }
    if (wechatStatus === 'SUCCESS') await settleSuccess(tx, locked, result);
    else if (wechatStatus === 'ABNORMAL') await settleAbnormal(tx, locked, result);
    else await settleFailure(tx, locked, { wechatStatus });
    return target;
  });
}

/**
 * processing → abnormal: the money left the merchant account but did not reach the payer. Nothing else
 * changes (the order stays `refunding`, stock and points stay put) until WeChat says SUCCESS or CLOSED.
 */
async function settleAbnormal(tx: ServiceContext, { refund, order }: RefundWithOrder, result: RefundResult): Promise<void> {
  await transitionRefund(tx.db, refund.id, 'processing', { status: 'abnormal', wechatRefundId: result.refundId, updatedAt: tx.now });
  await addOrderEvent(tx.db, {
    orderId: order.id,
    type: 'refund_abnormal',
    actorType: 'wechat',
    actorId: result.refundId,
    data: { refundId: refund.id, amountFen: refund.amountFen, wechatStatus: result.status },
    now: tx.now,
  });
}

/** Lines, totals, stock (when restocking, once per source key), quotas and the order's status; inside the lock. */
async function settleSuccess(tx: ServiceContext, { refund, order }: RefundWithOrder, result: RefundResult): Promise<void> {
  if (isAfterCloseRefund(refund)) return settleAfterCloseRefund(tx, { refund, order }, result);
  const completedAt = result.successTime ? new Date(result.successTime) : tx.now;
  await transitionRefund(tx.db, refund.id, refund.status, { status: 'succeeded', wechatRefundId: result.refundId, completedAt, updatedAt: tx.now });
  const lines = await findOrderLines(tx.db, order.id);
  for (const part of refund.lines) {
    const line = lines.find((candidate) => candidate.lineNo === part.lineNo);
    if (!line) throw new Error(`refund ${refund.id} names line ${part.lineNo}, which order ${order.id} does not have`);
    await addLineRefund(tx.db, order.id, part.lineNo, part.quantity, part.amountFen);
    if (refund.restock)
      await returnStock(tx.db, line.skuId, part.quantity, `refund:${refund.id}:line:${part.lineNo}`, `退款 ${refund.outRefundNo} 退回库存`, tx.now);
    await releasePurchaseQuota(tx.db, order.memberId, line.skuId, part.quantity);
  }
  const refundedFen = order.refundedFen + refund.amountFen;
  // Refunded when every unit came back; a shipped order keeps its shipping fee (it was spent) and still counts as refunded.
  const isEveryUnitBack = (await findOrderLines(tx.db, order.id)).every((line) => line.refundedQuantity === line.quantity);
  const status = isEveryUnitBack ? 'refunded' : 'partially_refunded';
  await tx.db.update(orders).set({ status, refundedFen, updatedAt: tx.now }).where(eq(orders.id, order.id));
  const couponsReturned = status === 'refunded' ? await returnCouponsAfterFullRefund(tx.db, order.id, tx.now) : 0;
  // Growth and points earned by the refunded share go back; points spent on it come back as a new lot.
  await reverseRefundGrowth(tx, order.id, refund.id);
  await reverseOrderPointsForRefund(tx, order.id, refund.id);
  // Channel reports take the refund off the GMV on the day it succeeded (a refund after close never counted as paid).
  await appendEvent(tx.db, {
    type: 'refund.succeeded',
    occurredAt: completedAt,
    memberId: order.memberId,
    orderId: order.id,
    payload: { refundId: refund.id, amountFen: refund.amountFen, succeededAt: completedAt.toISOString() },
  });
  await addOrderEvent(tx.db, {
    orderId: order.id,
    type: 'refunded',
    fromStatus: order.status,
    toStatus: status,
    actorType: 'wechat',
    actorId: result.refundId,
    data: { refundId: refund.id, amountFen: refund.amountFen, restock: refund.restock, couponsReturned },
    now: tx.now,
  });
}

/** The refund fails and the order returns to its status before the request; inside the lock. */
async function settleFailure(tx: ServiceContext, { refund, order }: RefundWithOrder, why: { wechatStatus?: string; wechatCode?: string }): Promise<void> {
  await transitionRefund(tx.db, refund.id, refund.status, { status: 'failed', completedAt: tx.now, updatedAt: tx.now });
  await tx.db
    .update(orders)
    .set({ status: refund.orderStatusBefore, updatedAt: tx.now })
    .where(and(eq(orders.id, order.id), eq(orders.status, 'refunding')));
  await addOrderEvent(tx.db, {
    orderId: order.id,
    type: 'refund_failed',
    fromStatus: order.status,
    toStatus: refund.orderStatusBefore,
    actorType: 'wechat',
    data: { refundId: refund.id, ...why },
    now: tx.now,
  });
}

/** Asks WeChat Pay about one overdue refund; one it never received (404) is sent again. */
async function queryOverdue(sc: ServiceContext, deps: AppDeps, item: RefundWithOrder): Promise<SendOutcome> {
  let result: RefundResult;
  try {
    result = await deps.wechatPay.queryRefund(item.refund.outRefundNo);
  } catch (error) {
    if (!(error instanceof WechatPayError)) throw error;
    // No such refund at WeChat: we stopped between approval and the call. The same number refunds once.
    return error.status === 404 ? sendRefund(sc, deps, item) : { outcome: 'unknown' };
  }
  return { outcome: await applyRefundResult(sc, result) };
}

/** How long an abnormal refund waits between queries: its outcome needs a person on the merchant platform. */
export const ABNORMAL_REQUERY_MS = 30 * 60 * 1000;

/**
 * For the sweeper: refunds processing for more than `lateAfterMs` (notification late or lost, or an
 * unknown outcome of the call), and abnormal ones every ABNORMAL_REQUERY_MS, are queried and settled.
 * Returns how many were settled.
 */
export async function reconcileProcessingRefunds(sc: ServiceContext, deps: AppDeps, lateAfterMs = 2 * 60 * 1000, batchSize = 50): Promise<number> {
  let settled = 0;
  const before = { processing: new Date(sc.now.getTime() - lateAfterMs), abnormal: new Date(sc.now.getTime() - ABNORMAL_REQUERY_MS) };
  for (const item of await findOverdueRefunds(sc.db, before, batchSize)) {
    try {
      const { outcome } = await queryOverdue(sc, deps, item);
      if (outcome === 'succeeded' || outcome === 'failed' || outcome === 'rejected') settled += 1;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      deps.logger.error({ outRefundNo: item.refund.outRefundNo, code: error.code, details: error.details }, 'refund does not match WeChat Pay');
    }
  }
  return settled;
}
