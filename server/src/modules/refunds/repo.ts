import { and, desc, eq, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { orderLines, orders, refunds } from '../../db/schema';
import { AppError } from '../../lib/errors';
import type { OrderRow } from '../orders/repo';

export type RefundRow = typeof refunds.$inferSelect;
export type NewRefundRow = typeof refunds.$inferInsert;

/** The refund and the order it belongs to. */
export interface RefundWithOrder {
  refund: RefundRow;
  order: OrderRow;
}

/** Locks an order row (FOR UPDATE) until the transaction ends; undefined when there is none. */
export async function lockOrder(db: Executor, orderId: number): Promise<OrderRow | undefined> {
  const [row] = await db.select().from(orders).where(eq(orders.id, orderId)).for('update');
  return row;
}

/**
 * Locks the refund's order, then reads the refund. Every refund transition takes the order lock first,
 * so transitions of one order run one at a time and always lock in the same order (order → refund).
 */
export async function lockRefundWithOrder(db: Executor, where: { id: number } | { outRefundNo: string }): Promise<RefundWithOrder> {
  const condition = 'id' in where ? eq(refunds.id, where.id) : eq(refunds.outRefundNo, where.outRefundNo);
  const [found] = await db.select({ orderId: refunds.orderId }).from(refunds).where(condition);
  const order = found ? await lockOrder(db, found.orderId) : undefined;
  const [refund] = await db.select().from(refunds).where(condition);
  if (!order || !refund) throw new AppError('REFUND_NOT_FOUND', undefined, where);
  return { refund, order };
}

export async function findRefundWithOrder(db: Executor, id: number): Promise<RefundWithOrder | undefined> {
  const [row] = await db.select({ refund: refunds, order: orders }).from(refunds).innerJoin(orders, eq(orders.id, refunds.orderId)).where(eq(refunds.id, id));
  return row;
}

export async function findRefundWithOrderByNo(db: Executor, outRefundNo: string): Promise<RefundWithOrder | undefined> {
  const [row] = await db
    .select({ refund: refunds, order: orders })
    .from(refunds)
    .innerJoin(orders, eq(orders.id, refunds.orderId))
    .where(eq(refunds.outRefundNo, outRefundNo));
  return row;
}

export async function findRefundsOfOrder(db: Executor, orderId: number): Promise<RefundRow[]> {
  return db.select().from(refunds).where(eq(refunds.orderId, orderId)).orderBy(desc(refunds.id));
}

export async function insertRefund(db: Executor, values: NewRefundRow): Promise<RefundRow> {
  const [row] = await db.insert(refunds).values(values).returning();
  if (!row) throw new Error('refund insert returned nothing');
  return row;
}

/** Moves a refund from `from` to a new state; the row, or undefined when it was not in `from`. */
export async function transitionRefund(db: Executor, id: number, from: RefundRow['status'], set: Partial<NewRefundRow>): Promise<RefundRow | undefined> {
  const [row] = await db
    .update(refunds)
    .set(set)
    .where(and(eq(refunds.id, id), eq(refunds.status, from)))
    .returning();
  return row;
}

/** Adds refunded units and fen to an order line (the table's checks keep both within the line). */
export async function addLineRefund(db: Executor, orderId: number, lineNo: number, quantity: number, amountFen: number): Promise<void> {
  await db
    .update(orderLines)
    .set({ refundedQuantity: sql`${orderLines.refundedQuantity} + ${quantity}`, refundedFen: sql`${orderLines.refundedFen} + ${amountFen}` })
    .where(and(eq(orderLines.orderId, orderId), eq(orderLines.lineNo, lineNo)));
}

/** Refunds with their orders, newest first, by status and keyset cursor (the id of the last row seen). */
export async function listRefundsWithOrders(db: Executor, filter: { status?: string; beforeId?: number; limit: number }): Promise<RefundWithOrder[]> {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(refunds.status, filter.status));
  if (filter.beforeId !== undefined) conditions.push(lt(refunds.id, filter.beforeId));
  return db
    .select({ refund: refunds, order: orders })
    .from(refunds)
    .innerJoin(orders, eq(orders.id, refunds.orderId))
    .where(and(...conditions))
    .orderBy(desc(refunds.id))
    .limit(filter.limit);
}

/**
 * Refunds sent to WeChat Pay whose last change is older than `before` of their status: processing ones
 * whose outcome is overdue, and abnormal ones due for their next (slower) query.
 */
export async function findOverdueRefunds(db: Executor, before: { processing: Date; abnormal: Date }, limit: number): Promise<RefundWithOrder[]> {
  return db
    .select({ refund: refunds, order: orders })
    .from(refunds)
    .innerJoin(orders, eq(orders.id, refunds.orderId))
    .where(
      or(
        and(eq(refunds.status, 'processing'), lt(refunds.updatedAt, before.processing)),
        and(eq(refunds.status, 'abnormal'), lt(refunds.updatedAt, before.abnormal)),
      ),
    )
    .orderBy(refunds.updatedAt)
    .limit(limit);
}
