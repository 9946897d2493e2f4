import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Order, orderListQuerySchema } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { orders } from '../../db/schema';
import { closeUnpaidOrder, findExpiredOrders } from '../../flows/order-close';
import { settleBeforeClose } from '../../flows/payment-reconcile';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { AppError } from '../../lib/errors';
import { addOrderEvent, findOrderLines, withOrderLines, type OrderRow } from './repo';
import { appendEvent } from '../events/outbox';
import { toOrder } from './views';
import { creditOrderGrowth } from '../membership';
import { loadMembershipSettings } from '../membership/settings';

/** The member's own order, or 404 (another member's order is simply not found). */
async function findMemberOrder(sc: ServiceContext, memberId: number, orderId: number): Promise<OrderRow> {
  const [row] = await sc.db
    .select()
    .from(orders)
    .where(and(eq(orders.id, orderId), eq(orders.memberId, memberId)));
  if (!row) throw new AppError('ORDER_NOT_FOUND');
  return row;
}

/** GET /api/orders/:id. */
export async function getMemberOrder(sc: ServiceContext, deps: AppDeps, memberId: number, orderId: number): Promise<Order> {
  const row = await findMemberOrder(sc, memberId, orderId);
  return toOrder(row, await findOrderLines(sc.db, row.id), deps.phoneCrypto);
}

/** GET /api/orders: the member's orders, newest first, by status tab. */
export async function listMemberOrders(sc: ServiceContext, deps: AppDeps, memberId: number, query: z.output<typeof orderListQuerySchema>) {
  const conditions: SQL[] = [eq(orders.memberId, memberId)];
  if (query.status) conditions.push(eq(orders.status, query.status));
  if (query.cursor) conditions.push(lt(orders.id, decodeCursor(query.cursor, ['id'])[0]));
  const rows = await sc.db
    .select()
    .from(orders)
    .where(and(...conditions))
    .orderBy(desc(orders.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const items = (await withOrderLines(sc.db, page)).map(({ row, lines }) => toOrder(row, lines, deps.phoneCrypto));
  const last = page[page.length - 1];
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null };
}

/**
 * POST /api/orders/:id/cancel: only an unpaid order. When it has a prepay, WeChat's order is closed first
 * (paid meanwhile → the payment is applied and the cancel refused). Idempotent: a cancel that finds the
 * order already cancelled (a parallel duplicate won) answers the order.
 */
export async function cancelMemberOrder(sc: ServiceContext, deps: AppDeps, memberId: number, orderId: number, reason: string): Promise<Order> {
  const existing = await findMemberOrder(sc, memberId, orderId);
  if (existing.status === 'pending_payment') {
    const check = await settleBeforeClose(sc, deps, existing.orderNo);
    if (check === 'unknown') throw new AppError('WECHAT_PAY_UNAVAILABLE');
    if (check === 'paid') throw new AppError('ORDER_STATUS_CONFLICT', undefined, { status: 'paid' });
    await inTransaction(sc, (tx) => closeUnpaidOrder(tx, { orderId, memberId, reason, actorType: 'member', actorId: memberId }));
  }
  return answerIfIn(sc, deps, memberId, orderId, 'cancelled');
}

/** POST /api/orders/:id/confirm-receipt: shipped → completed, once; a duplicate that finds it completed answers the order. */
export async function confirmReceipt(sc: ServiceContext, deps: AppDeps, memberId: number, orderId: number): Promise<Order> {
  const existing = await findMemberOrder(sc, memberId, orderId);
  if (existing.status === 'shipped') {
    await inTransaction(sc, async (tx) => {
      const [row] = await tx.db
        .update(orders)
        .set({ status: 'completed', completedAt: tx.now, updatedAt: tx.now })
        .where(and(eq(orders.id, orderId), eq(orders.status, 'shipped')))
        .returning({ id: orders.id });
      if (!row) return; // a parallel duplicate completed it
      await addOrderEvent(tx.db, {
        orderId,
        type: 'completed',
        fromStatus: 'shipped',
        toStatus: 'completed',
        actorType: 'member',
        actorId: memberId,
        now: tx.now,
      });
      await appendEvent(tx.db, { type: 'order.completed', occurredAt: tx.now, memberId, orderId, payload: { completedAt: tx.now.toISOString() } });
      // Growth is credited when the order completes (unless the store credits it N days after payment).
      if ((await loadMembershipSettings(tx.db)).growthCreditDelayDays === null) await creditOrderGrowth(tx, orderId);
    });
  }
  return answerIfIn(sc, deps, memberId, orderId, 'completed');
}

/** The order when it is (now) in `target`; otherwise ORDER_STATUS_CONFLICT with the status it is in. */
async function answerIfIn(sc: ServiceContext, deps: AppDeps, memberId: number, orderId: number, target: OrderRow['status']): Promise<Order> {
  const row = await findMemberOrder(sc, memberId, orderId);
  if (row.status !== target) throw new AppError('ORDER_STATUS_CONFLICT', undefined, { status: row.status });
  return toOrder(row, await findOrderLines(sc.db, row.id), deps.phoneCrypto);
}

/**
 * The sweeper: closes pending orders whose payment window has passed. Safe to run on every instance and
 * after a crash: each close is a conditional transition, and releases are keyed by source.
 */
export async function closeExpiredOrders(sc: ServiceContext, deps: AppDeps, batchSize = 50): Promise<number> {
  let closed = 0;
  for (const { id: orderId, orderNo } of await findExpiredOrders(sc.db, sc.now, batchSize)) {
    // Paid at the last minute (notification late), or WeChat unreachable: leave it for now.
    const check = await settleBeforeClose(sc, deps, orderNo);
    if (check === 'paid' || check === 'unknown') continue;
    const row = await inTransaction(sc, (tx) => closeUnpaidOrder(tx, { orderId, reason: '超时未支付，系统自动关闭', actorType: 'system' }));
    if (row) closed += 1;
  }
  return closed;
}

/** What the order-close job did with one order. */
export type CloseOutcome = 'closed' | 'not_due' | 'paid' | 'unknown' | 'not_pending';

/** The order-close job: closes one order if it is still unpaid and its window has passed. */
export async function closeExpiredOrder(sc: ServiceContext, deps: AppDeps, orderId: number): Promise<CloseOutcome> {
  const [order] = await sc.db.select().from(orders).where(eq(orders.id, orderId));
  if (!order || order.status !== 'pending_payment') return 'not_pending';
  if (order.paymentExpiresAt > sc.now) return 'not_due';
  const check = await settleBeforeClose(sc, deps, order.orderNo);
  if (check === 'paid' || check === 'unknown') return check;
  const row = await inTransaction(sc, (tx) => closeUnpaidOrder(tx, { orderId, reason: '超时未支付，系统自动关闭', actorType: 'system' }));
  return row ? 'closed' : 'not_pending';
}
