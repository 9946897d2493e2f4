import type { PointsMallItemView, PointsMallRedemptionView, TierCode } from '@siyu/shared';
import type { pointsMallItems, pointsMallRedemptions } from '../../db/schema';

export type ItemRow = typeof pointsMallItems.$inferSelect;
export type RedemptionRow = typeof pointsMallRedemptions.$inferSelect;

/** What staff and members see of an item; `remaining` never goes below 0 (stock is never set below redeemed). */
export function toItemView(row: ItemRow): PointsMallItemView {
  return {
    id: row.id,
    title: row.title,
    kind: row.kind as PointsMallItemView['kind'],
    couponTemplateId: row.couponTemplateId,
    skuId: row.skuId,
    pointsPrice: row.pointsPrice,
    cashFen: row.cashFen,
    stock: row.stock,
    redeemedCount: row.redeemedCount,
    remaining: Math.max(row.stock - row.redeemedCount, 0),
    perMemberLimit: row.perMemberLimit,
    status: row.status as PointsMallItemView['status'],
    minTier: row.minTier as TierCode | null,
    image: row.image,
    sortOrder: row.sortOrder,
  };
}

/**
 * A redemption as the member sees it. A points + cash redemption stays `pending_payment` in its row
 * until the payment hook completes it; the order's own status is the truth meanwhile (paid → completed,
 * closed → cancelled), so the view reads it when given.
 */
export function toRedemptionView(row: RedemptionRow, orderStatus: string | null, item?: Pick<ItemRow, 'title' | 'kind' | 'image'>): PointsMallRedemptionView {
  return {
    id: row.id,
    itemId: row.itemId,
    points: row.points,
    cashFen: row.cashFen,
    status: viewStatus(row.status, orderStatus),
    memberCouponId: row.memberCouponId,
    orderId: row.orderId,
    createdAt: row.createdAt.toISOString(),
    ...(item ? { item: { title: item.title, kind: item.kind as PointsMallItemView['kind'], image: item.image } } : {}),
  };
}

function viewStatus(status: string, orderStatus: string | null): PointsMallRedemptionView['status'] {
  if (status !== 'pending_payment' || orderStatus === null || orderStatus === 'pending_payment') return status as PointsMallRedemptionView['status'];
  return orderStatus === 'cancelled' ? 'cancelled' : 'completed';
}
