import { asc, eq } from 'drizzle-orm';
import type { OrderNote } from '@siyu/shared';
import { inTransaction, requireStaffActor, type ServiceContext } from '../../context';
import { orderNotes, orders, staff } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { recordAudit } from '../audit';

/** GET /api/admin/orders/:id/notes: the merchant notes (商家备注) of an order, oldest first. Staff-only: no member route reads this table. */
export async function listOrderNotes(sc: ServiceContext, orderId: number): Promise<{ items: OrderNote[] }> {
  const [order] = await sc.db.select({ id: orders.id }).from(orders).where(eq(orders.id, orderId));
  if (!order) throw new AppError('ORDER_NOT_FOUND');
  const rows = await sc.db
    .select({ id: orderNotes.id, note: orderNotes.note, staffId: orderNotes.staffId, staffName: staff.displayName, createdAt: orderNotes.createdAt })
    .from(orderNotes)
    .innerJoin(staff, eq(staff.id, orderNotes.staffId))
    .where(eq(orderNotes.orderId, orderId))
    .orderBy(asc(orderNotes.id));
  return { items: rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })) };
}

/** POST /api/admin/orders/:id/notes: appends a note (notes are never edited, so the history stays); audited. */
export async function addOrderNote(sc: ServiceContext, orderId: number, note: string): Promise<OrderNote> {
  return inTransaction(sc, async (tx) => {
    const [order] = await tx.db.select({ id: orders.id }).from(orders).where(eq(orders.id, orderId));
    if (!order) throw new AppError('ORDER_NOT_FOUND');
    const actor = requireStaffActor(tx);
    const [row] = await tx.db.insert(orderNotes).values({ orderId, staffId: actor.id, note, createdAt: tx.now }).returning();
    if (!row) throw new Error('order note insert returned nothing');
    await recordAudit(tx, { action: 'order.note', targetType: 'order', targetId: orderId, after: { noteId: row.id, note } });
    const [author] = await tx.db.select({ name: staff.displayName }).from(staff).where(eq(staff.id, actor.id));
    return { id: row.id, note: row.note, staffId: row.staffId, staffName: author?.name ?? '', createdAt: row.createdAt.toISOString() };
  });
}
