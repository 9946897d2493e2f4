import type { FlashSaleStatus, FlashSaleView } from '@siyu/shared';
import { isApprovedStatus, toApprovalView } from '../promotions/approval';
import type { FlashSaleRow, FlashSaleWithSku } from './repo';

/**
 * A flash sale's status at `now`. A stop wins over everything (it is final); then a sale that may not
 * go live (approval pending or rejected); then the window; an ongoing sale with nothing left is sold out.
 */
export function flashSaleStatus(
  sale: Pick<FlashSaleRow, 'approvalStatus' | 'stoppedAt' | 'startsAt' | 'endsAt' | 'totalUnits' | 'soldUnits'>,
  now: Date,
): FlashSaleStatus {
  if (sale.stoppedAt) return 'stopped';
  if (!isApprovedStatus(sale.approvalStatus)) return 'pending_approval';
  if (now < sale.startsAt) return 'upcoming';
  if (now >= sale.endsAt) return 'ended';
  return sale.soldUnits >= sale.totalUnits ? 'sold_out' : 'ongoing';
}

/** The API view of a flash sale; staff views carry the approval, shoppers' do not. */
export function toFlashSaleView({ sale, sku }: FlashSaleWithSku, now: Date, options: { withApproval: boolean }): FlashSaleView {
  return {
    id: sale.id,
    title: sale.title,
    skuId: sale.skuId,
    productId: sku.productId,
    productTitle: sku.productTitle,
    specs: sku.specs,
    image: sku.images[0] ?? null,
    flashPriceFen: sale.flashPriceFen,
    privatePriceFen: sku.privatePriceFen,
    totalUnits: sale.totalUnits,
    soldUnits: sale.soldUnits,
    remainingUnits: Math.max(0, sale.totalUnits - sale.soldUnits),
    perMemberLimit: sale.perMemberLimit,
    startsAt: sale.startsAt.toISOString(),
    endsAt: sale.endsAt.toISOString(),
    status: flashSaleStatus(sale, now),
    serverNow: now.toISOString(),
    ...(options.withApproval ? { approval: toApprovalView(sale) } : {}),
  };
}

/** What the audit log keeps of a flash sale (before / after a change). */
export function auditFieldsOf(sale: FlashSaleRow) {
  return {
    title: sale.title,
    skuId: sale.skuId,
    flashPriceFen: sale.flashPriceFen,
    totalUnits: sale.totalUnits,
    soldUnits: sale.soldUnits,
    perMemberLimit: sale.perMemberLimit,
    startsAt: sale.startsAt.toISOString(),
    endsAt: sale.endsAt.toISOString(),
    stoppedAt: sale.stoppedAt?.toISOString() ?? null,
    approvalStatus: sale.approvalStatus,
  };
}
