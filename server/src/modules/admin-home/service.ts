import { beijingDay, roleCan, type AdminHomeSummary, type Permission } from '@siyu/shared';
import { requireStaffActor, type ServiceContext } from '../../context';
import type { Executor } from '../../db/client';
import { countApprovalsWaiting, countOrdersToShip, countRefundsToReview, paidBetween } from './repo';

/**
 * The 今日 summary for a staff member who `can` what it says. Each figure is counted only when they may
 * open the page its card links to (orders:read for orders and refunds, promotions:read for approvals);
 * the others are null, and the console leaves their cards out.
 */
export async function summaryFor(db: Executor, now: Date, can: (permission: Permission) => boolean): Promise<AdminHomeSummary> {
  const day = beijingDay(now);
  const canOrders = can('orders:read');
  const [ordersToShip, refundsToReview, approvalsWaiting, paidToday] = await Promise.all([
    canOrders ? countOrdersToShip(db) : null,
    canOrders ? countRefundsToReview(db) : null,
    can('promotions:read') ? countApprovalsWaiting(db) : null,
    canOrders ? paidBetween(db, day.from, day.to) : null,
  ]);
  return { date: day.date, ordersToShip, refundsToReview, approvalsWaiting, paidToday };
}

/** GET /api/admin/home for the signed-in staff member's role. */
export async function homeSummary(sc: ServiceContext): Promise<AdminHomeSummary> {
  const { role } = requireStaffActor(sc);
  return summaryFor(sc.db, sc.now, (permission) => roleCan(role, permission));
}
