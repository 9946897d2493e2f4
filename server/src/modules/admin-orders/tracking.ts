import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { OrderStatus, trackingUpdateBodySchema } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import { orders } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { recordAudit } from '../audit';
import { addOrderEvent } from '../orders/repo';

/** Orders whose parcel has left: the tracking number can still be corrected (a typo, a re-sent parcel). */
const SHIPPED_STATUSES = ['shipped', 'completed', 'refunding', 'partially_refunded', 'refunded'] satisfies OrderStatus[];

/**
 * PUT /api/admin/orders/:id/tracking: corrects the carrier and tracking number of a shipped order under
 * its row lock; the audit entry and the order's timeline carry old → new.
 */
export async function updateTracking(sc: ServiceContext, id: number, body: z.output<typeof trackingUpdateBodySchema>): Promise<void> {
  await inTransaction(sc, async (tx) => {
    const [order] = await tx.db.select().from(orders).where(eq(orders.id, id)).for('update');
    if (!order) throw new AppError('ORDER_NOT_FOUND');
    if (order.shippedAt === null || !SHIPPED_STATUSES.some((status) => status === order.status))
      throw new AppError('ORDER_STATUS_CONFLICT', undefined, { status: order.status });
    const before = { carrier: order.carrier, trackingNo: order.trackingNo };
    if (before.carrier === body.carrier && before.trackingNo === body.trackingNo) return;
    await tx.db.update(orders).set({ carrier: body.carrier, trackingNo: body.trackingNo, updatedAt: tx.now }).where(eq(orders.id, id));
    await addOrderEvent(tx.db, {
      orderId: id,
      type: 'tracking_updated',
      actorType: 'staff',
      actorId: tx.staff?.id ?? null,
      data: { before, after: body },
      now: tx.now,
    });
    await recordAudit(tx, { action: 'order.tracking_update', targetType: 'order', targetId: id, before, after: body });
  });
}
