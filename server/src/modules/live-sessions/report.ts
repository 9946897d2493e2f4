import { and, eq, inArray, sql } from 'drizzle-orm';
import type { LiveSessionReportView, OrderStatus } from '@siyu/shared';
import type { ServiceContext } from '../../context';
import { orderPromotionClaims, orders } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { findSession, promoCodesOf } from './repo';

/** Orders that were paid, whatever happened after (refunds are subtracted from the GMV, not the count). */
const PAID_STATUSES: readonly OrderStatus[] = ['paid', 'shipped', 'completed', 'refunding', 'partially_refunded', 'refunded'];

/** GET /api/admin/live-sessions/:id/report: orders attributed to the session (orders.live_session_id) and code uses. */
export async function sessionReport(sc: ServiceContext, id: number): Promise<LiveSessionReportView> {
  if (!(await findSession(sc.db, id))) throw new AppError('LIVE_SESSION_NOT_FOUND');
  const isPaid = inArray(orders.status, [...PAID_STATUSES]);
  const [totals] = await sc.db
    .select({
      createdOrders: sql<string>`count(*)`,
      paidOrders: sql<string>`count(*) filter (where ${isPaid})`,
      gmvFen: sql<string>`coalesce(sum(${orders.payableFen} - ${orders.refundedFen}) filter (where ${isPaid}), 0)`,
      buyers: sql<string>`count(distinct ${orders.memberId}) filter (where ${isPaid})`,
    })
    .from(orders)
    .where(eq(orders.liveSessionId, id));
  const codes = await promoCodesOf(sc.db, id);
  const discounts = new Map<number, number>();
  if (codes.length > 0) {
    const rows = await sc.db
      .select({ refId: orderPromotionClaims.refId, discountFen: sql<string>`coalesce(sum(${orderPromotionClaims.discountFen}), 0)` })
      .from(orderPromotionClaims)
      .where(
        and(
          eq(orderPromotionClaims.kind, 'promo_code'),
          eq(orderPromotionClaims.status, 'reserved'),
          inArray(
            orderPromotionClaims.refId,
            codes.map((code) => code.id),
          ),
        ),
      )
      .groupBy(orderPromotionClaims.refId);
    for (const row of rows) discounts.set(row.refId, Number(row.discountFen));
  }
  return {
    sessionId: id,
    createdOrders: Number(totals?.createdOrders ?? 0),
    paidOrders: Number(totals?.paidOrders ?? 0),
    gmvFen: Number(totals?.gmvFen ?? 0),
    buyers: Number(totals?.buyers ?? 0),
    codeUses: codes.map((code) => ({
      codeId: code.id,
      code: code.code,
      usedCount: code.usedCount,
      totalCap: code.totalCap,
      discountFen: discounts.get(code.id) ?? 0,
    })),
  };
}
