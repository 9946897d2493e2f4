import { and, eq } from 'drizzle-orm';
import type { OrderRewards } from '@siyu/shared';
import type { ServiceContext } from '../../context';
import { orders } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { orderGrowthOutlook } from '../membership';
import { orderEarnedPoints } from '../points';

/** GET /api/orders/:id/rewards: the points and growth the caller's own order earned, from the ledgers. */
export async function orderRewards(sc: ServiceContext, memberId: number, orderId: number): Promise<OrderRewards> {
  const [order] = await sc.db
    .select({ id: orders.id, payableFen: orders.payableFen, paidAt: orders.paidAt })
    .from(orders)
    .where(and(eq(orders.id, orderId), eq(orders.memberId, memberId)));
  if (!order) throw new AppError('ORDER_NOT_FOUND');
  const points = await orderEarnedPoints(sc.db, order.id);
  const growth = await orderGrowthOutlook(sc.db, order);
  return {
    orderId: order.id,
    points: points.points,
    pointsAvailableAt: points.availableAt?.toISOString() ?? null,
    growth: growth.growth,
    isGrowthCredited: growth.isCredited,
    growthCreditDelayDays: growth.creditDelayDays,
  };
}
