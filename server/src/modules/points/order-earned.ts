import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { pointsLots } from '../../db/schema';

/** Points an order earned (its own lot and the first-purchase bonus) and when they become usable. */
export async function orderEarnedPoints(db: Executor, orderId: number): Promise<{ points: number; availableAt: Date | null }> {
  const [row] = await db
    .select({ points: sql<number>`coalesce(sum(${pointsLots.amount}), 0)::int`, availableAt: sql<Date | null>`max(${pointsLots.availableAt})` })
    .from(pointsLots)
    .where(and(eq(pointsLots.orderId, orderId), inArray(pointsLots.source, ['order', 'first_purchase'])));
  const availableAt = row?.availableAt ? new Date(row.availableAt) : null;
  return { points: Number(row?.points ?? 0), availableAt };
}
