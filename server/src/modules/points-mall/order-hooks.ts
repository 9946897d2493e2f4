/**
 * What the order flows call for an order that ships a points + cash redemption. Both are conditional
 * transitions of the redemption row (pending_payment → …), so a replayed close or payment changes nothing.
 */
import { and, eq } from 'drizzle-orm';
import type { ServiceContext } from '../../context';
import { pointsMallRedemptions } from '../../db/schema';
import { releaseItemUnit, releaseMemberUnit } from './repo';

/**
 * Closing an unpaid order: its redemption is cancelled and the item's count and the member's counter go
 * back (the points come back under the order's key `order:<id>:points` through the points ledger).
 * Idempotent; does nothing for an order without a pending redemption. Call it right after the order's
 * status transition and before stock and points are returned, to keep the redemption's lock order.
 */
export async function releaseMallRedemptionForOrder(tx: ServiceContext, orderId: number): Promise<void> {
  const [row] = await tx.db
    .update(pointsMallRedemptions)
    .set({ status: 'cancelled' })
    .where(and(eq(pointsMallRedemptions.orderId, orderId), eq(pointsMallRedemptions.status, 'pending_payment')))
    .returning();
  if (!row) return;
  await releaseItemUnit(tx.db, row.itemId, tx.now);
  await releaseMemberUnit(tx.db, row.itemId, row.memberId);
}

/** Paying the cash part: the redemption is completed. Idempotent; nothing for other orders. */
export async function completeMallRedemptionForOrder(tx: ServiceContext, orderId: number): Promise<void> {
  await tx.db
    .update(pointsMallRedemptions)
    .set({ status: 'completed' })
    .where(and(eq(pointsMallRedemptions.orderId, orderId), eq(pointsMallRedemptions.status, 'pending_payment')));
}
