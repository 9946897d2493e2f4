import { and, eq, inArray, sql } from 'drizzle-orm';
import type { OrderCounts } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { orders } from '../../db/schema';

/** The badges of 我的订单 for one member: orders to pay, to ship, to receive and refunds in progress. */
export async function countMemberOrders(db: Executor, memberId: number): Promise<OrderCounts> {
  const rows = await db
    .select({ status: orders.status, count: sql<number>`count(*)::int` })
    .from(orders)
    .where(and(eq(orders.memberId, memberId), inArray(orders.status, ['pending_payment', 'paid', 'shipped', 'refunding'])))
    .groupBy(orders.status);
  const count = (status: string) => Number(rows.find((row) => row.status === status)?.count ?? 0);
  return { pendingPayment: count('pending_payment'), toShip: count('paid'), toReceive: count('shipped'), refunding: count('refunding') };
}
