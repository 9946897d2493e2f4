/**
 * Closing an unpaid order (member cancel, or the payment window passing): the status moves once
 * (conditional UPDATE from pending_payment), then what it took goes back — mall redemption, promotions,
 * every line's stock and quota, points — keyed by source so that a replay cannot return them twice.
 * One transaction.
 */
import { and, eq, lt } from 'drizzle-orm';
import type { ServiceContext } from '../context';
import type { Executor } from '../db/client';
import { orders } from '../db/schema';
import { releasePromotions } from '../modules/promotions';
import { addOrderEvent, findOrderLines, releasePurchaseQuota, returnStock, type OrderRow } from '../modules/orders/repo';
import { releaseSpentPoints } from '../modules/points';
import { releaseMallRedemptionForOrder } from '../modules/points-mall';
import { appendEvent } from '../modules/events';

export interface CloseRequest {
  orderId: number;
  reason: string;
  actorType: 'member' | 'system';
  actorId?: number | null;
  /** Only close when the order belongs to this member. */
  memberId?: number;
}

/** Moves a pending order to cancelled and returns its reservations; null when it was not pending. */
export async function closeUnpaidOrder(tx: ServiceContext, request: CloseRequest): Promise<OrderRow | null> {
  const conditions = [eq(orders.id, request.orderId), eq(orders.status, 'pending_payment')];
  if (request.memberId !== undefined) conditions.push(eq(orders.memberId, request.memberId));
  const [row] = await tx.db
    .update(orders)
    .set({ status: 'cancelled', cancelledAt: tx.now, cancelReason: request.reason, updatedAt: tx.now })
    .where(and(...conditions))
    .returning();
  if (!row) return null;
  // Released in the order they were taken (mall item → flash sales → promo code → coupons → stock →
  // points), so a close never waits on locks in the opposite order of a checkout: no deadlocks.
  await releaseMallRedemptionForOrder(tx, row.id);
  await releaseReservations(tx.db, row, tx.now);
  await releaseSpentPoints(tx, `order:${String(row.id)}:points`, `订单 ${row.orderNo} 取消退回积分`);
  await addOrderEvent(tx.db, {
    orderId: row.id,
    type: 'cancelled',
    fromStatus: 'pending_payment',
    toStatus: 'cancelled',
    actorType: request.actorType,
    actorId: request.actorId ?? null,
    data: { reason: request.reason },
    now: tx.now,
  });
  await appendEvent(tx.db, { type: 'order.cancelled', occurredAt: tx.now, memberId: row.memberId, orderId: row.id, payload: { reason: request.reason } });
  return row;
}

async function releaseReservations(db: Executor, order: OrderRow, now: Date): Promise<void> {
  await releasePromotions(db, order.id, order.memberId, now);
  const lines = [...(await findOrderLines(db, order.id))].sort((a, b) => a.skuId - b.skuId);
  for (const line of lines) {
    await returnStock(db, line.skuId, line.quantity, `order:${order.id}:line:${line.lineNo}:release`, `订单 ${order.orderNo} 取消释放`, now);
    await releasePurchaseQuota(db, order.memberId, line.skuId, line.quantity);
  }
}

/** Ids of pending orders whose payment window has passed (oldest first), for the sweeper. */
export async function findExpiredOrders(db: Executor, now: Date, limit: number): Promise<{ id: number; orderNo: string }[]> {
  return db
    .select({ id: orders.id, orderNo: orders.orderNo })
    .from(orders)
    .where(and(eq(orders.status, 'pending_payment'), lt(orders.paymentExpiresAt, now)))
    .orderBy(orders.paymentExpiresAt)
    .limit(limit);
}
