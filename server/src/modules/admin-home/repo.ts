import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { Fen } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { couponTemplates, flashSales, orders, promoCodes, refunds, storePromotions } from '../../db/schema';

/*
 * Read-only counts for the console's 今日 summary. They read other modules' tables directly: a summary
 * is a read model over the whole shop, and the one place that counts (each module keeps its writes).
 * The definitions match the pages the cards link to: 订单 status 待发货 (paid), 退款 status 待审核
 * (requested), 审批 (every promotion kind with approval_status pending).
 */

/** Orders paid and not shipped yet. */
export async function countOrdersToShip(db: Executor): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(orders)
    .where(eq(orders.status, 'paid'));
  return row?.count ?? 0;
}

/** Refund requests waiting for a staff decision. */
export async function countRefundsToReview(db: Executor): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(refunds)
    .where(eq(refunds.status, 'requested'));
  return row?.count ?? 0;
}

/** Promotions of every kind waiting for an owner's approval (the 审批 page lists the same). */
export async function countApprovalsWaiting(db: Executor): Promise<number> {
  const counts = await Promise.all(
    [couponTemplates, storePromotions, promoCodes, flashSales].map(async (table) => {
      const [row] = await db
        .select({ count: sql<number>`count(*)::int` })
        .from(table)
        .where(eq(table.approvalStatus, 'pending'));
      return row?.count ?? 0;
    }),
  );
  return counts.reduce((sum, count) => sum + count, 0);
}

/** Orders whose payment arrived in [from, to), and the sum of their payable amounts (refunds not taken off). */
export async function paidBetween(db: Executor, from: Date, to: Date): Promise<{ orders: number; gmvFen: Fen }> {
  const [row] = await db
    .select({ orders: sql<number>`count(*)::int`, gmvFen: sql<string>`coalesce(sum(${orders.payableFen}), 0)::text` })
    .from(orders)
    .where(and(gte(orders.paidAt, from), lt(orders.paidAt, to)));
  return { orders: row?.orders ?? 0, gmvFen: Number(row?.gmvFen ?? 0) as Fen };
}
