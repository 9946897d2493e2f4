/**
 * Closing an unpaid order (member cancel, or the payment window passing): the status moves once
 * (conditional UPDATE from pending_payment), then every line's stock and quota go back, keyed by source
 * so that a replay cannot return them twice. One transaction.
 */
import { and, eq, lt } from 'drizzle-orm';
import type { ServiceContext } from '../context';
import type { Executor } from '../db/client';
import { orders } from '../db/schema';
import { releasePromotions } from '../modules/promotions';
import { addOrderEvent, findOrderLines, releasePurchaseQuota, returnStock, type OrderRow } from '../modules/orders/repo';

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
  await releaseReservations(tx.db, row, tx.now);
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
  return row;
}

async function releaseReservations(db: Executor, order: OrderRow, now: Date): Promise<void> {
  for (const line of await findOrderLines(db, order.id)) {
    await returnStock(db, line.skuId, line.quantity, `order:${order.id}:line:${line.lineNo}:release`, `订单 ${order.orderNo} 取消释放`, now);
    await releasePurchaseQuota(db, order.memberId, line.skuId, line.quantity);
  }
  await releasePromotions(db, order.id, order.memberId, now);
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

