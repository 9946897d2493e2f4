import { and, eq } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { orders, payments } from '../db/schema';

/**
 * Orders cancelled while their payment succeeded — the outside test run's query
 * (`… where p.status = 'succeeded' and o.status = 'cancelled'`), which must always answer no rows.
 */
export async function cancelledButPaid(db: Executor): Promise<number[]> {
  const rows = await db
    .select({ id: orders.id })
    .from(orders)
    .innerJoin(payments, eq(payments.orderId, orders.id))
    .where(and(eq(payments.status, 'succeeded'), eq(orders.status, 'cancelled')));
  return rows.map((row) => row.id);
}
