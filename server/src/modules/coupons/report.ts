import { and, eq, inArray, sql } from 'drizzle-orm';
import type { CouponReportView } from '@siyu/shared';
import type { ServiceContext } from '../../context';
import { couponTemplates, memberCoupons, orders } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { codeCounts } from './codes';

/** Orders that count towards GMV: paid, whatever happened after (shipping, completion, refunds under way). */
export const GMV_ORDER_STATUSES = ['paid', 'shipped', 'completed', 'partially_refunded', 'refunding'] as const;

/** GET /api/admin/coupon-templates/:id/report. */
export async function templateReport(sc: ServiceContext, templateId: number): Promise<CouponReportView> {
  const [template] = await sc.db.select().from(couponTemplates).where(eq(couponTemplates.id, templateId));
  if (!template) throw new AppError('COUPON_TEMPLATE_NOT_FOUND');
  const [coupons] = await sc.db
    .select({
      issued: sql<number>`count(*)::int`,
      claimed: sql<number>`count(*) filter (where ${memberCoupons.source} = 'claim')::int`,
      used: sql<number>`count(*) filter (where ${memberCoupons.status} = 'used')::int`,
      discountSpent: sql<string>`coalesce(sum(${memberCoupons.discountFen}) filter (where ${memberCoupons.status} = 'used'), 0)`,
    })
    .from(memberCoupons)
    .where(eq(memberCoupons.templateId, templateId));
  const usedOrders = sc.db
    .select({ id: memberCoupons.usedOrderId })
    .from(memberCoupons)
    .where(and(eq(memberCoupons.templateId, templateId), eq(memberCoupons.status, 'used')));
  const [gmv] = await sc.db
    .select({ total: sql<string>`coalesce(sum(${orders.payableFen}), 0)` })
    .from(orders)
    .where(and(inArray(orders.id, usedOrders), inArray(orders.status, [...GMV_ORDER_STATUSES])));
  return {
    templateId,
    issuedCount: coupons?.issued ?? 0,
    claimedCount: coupons?.claimed ?? 0,
    usedCount: coupons?.used ?? 0,
    gmvFen: Number(gmv?.total ?? 0),
    discountSpentFen: Number(coupons?.discountSpent ?? 0),
    budgetFen: template.budgetFen,
    committedFen: template.committedFen,
    codes: await codeCounts(sc, templateId),
  };
}
