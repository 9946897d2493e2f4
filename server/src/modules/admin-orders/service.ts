import { and, asc, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { maskPhone, roleCan, type AdminOrder, type AdminOrderSearchQuery, type Order, type OrderBuyer, type shipBodySchema } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { orderEvents, orders, payments } from '../../db/schema';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { AppError } from '../../lib/errors';
import { recordAudit } from '../audit';
import { findBuyers } from '../members';
import { addOrderEvent, findOrderLines, withOrderLines, type OrderRow } from '../orders/repo';
import { toOrder } from '../orders/views';
import { orderFilterConditions } from './filters';

async function toAdminOrder(sc: ServiceContext, deps: AppDeps, row: OrderRow): Promise<AdminOrder> {
  const events = await sc.db.select().from(orderEvents).where(eq(orderEvents.orderId, row.id)).orderBy(asc(orderEvents.id));
  const paymentRows = await sc.db.select().from(payments).where(eq(payments.orderId, row.id)).orderBy(asc(payments.id));
  const buyers = await findBuyers(sc.db, deps.phoneCrypto, [row.memberId]);
  return {
    ...toOrder(row, await findOrderLines(sc.db, row.id), deps.phoneCrypto),
    memberId: row.memberId,
    buyer: buyerOf(buyers, row.memberId),
    events: events.map((event) => ({ ...event, createdAt: event.createdAt.toISOString() })),
    payments: paymentRows.map((payment) => ({
      outTradeNo: payment.outTradeNo,
      status: payment.status,
      amountFen: payment.amountFen,
      transactionId: payment.transactionId,
      successAt: payment.successAt?.toISOString() ?? null,
    })),
  };
}

/** The buyer of an order; a member row always exists (orders reference members), the fallback only guards the type. */
function buyerOf(buyers: Map<number, OrderBuyer>, memberId: number): OrderBuyer {
  return buyers.get(memberId) ?? { id: memberId, nickname: '', phoneMasked: null };
}

/** The recipient phone is for whoever ships: in full only for roles with orders:manage, masked otherwise. */
function withPhoneFor(sc: ServiceContext, order: Order, isList: boolean): Order {
  const canSee = !isList && sc.staff !== undefined && roleCan(sc.staff.role, 'orders:manage');
  return canSee ? order : { ...order, address: { ...order.address, phone: maskPhone(order.address.phone) } };
}

/** GET /api/admin/orders: filter by status, order number, member, creation time and the search box; newest first. */
export async function listOrdersForStaff(sc: ServiceContext, deps: AppDeps, query: AdminOrderSearchQuery) {
  const conditions: SQL[] = orderFilterConditions(deps, query);
  if (query.cursor) conditions.push(lt(orders.id, decodeCursor(query.cursor, ['id'])[0]));
  const rows = await sc.db
    .select()
    .from(orders)
    .where(and(...conditions))
    .orderBy(desc(orders.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const buyers = await findBuyers(
    sc.db,
    deps.phoneCrypto,
    page.map((row) => row.memberId),
  );
  const items = (await withOrderLines(sc.db, page)).map(({ row, lines }) => ({
    ...withPhoneFor(sc, toOrder(row, lines, deps.phoneCrypto), true),
    memberId: row.memberId,
    buyer: buyerOf(buyers, row.memberId),
  }));
  const last = page[page.length - 1];
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null };
}

/** GET /api/admin/orders/:id with its timeline and payments. */
export async function getOrderForStaff(sc: ServiceContext, deps: AppDeps, id: number): Promise<AdminOrder> {
  const [row] = await sc.db.select().from(orders).where(eq(orders.id, id));
  if (!row) throw new AppError('ORDER_NOT_FOUND');
  const order = await toAdminOrder(sc, deps, row);
  return { ...order, ...withPhoneFor(sc, order, false) };
}

/**
 * paid → shipped with carrier and tracking number, inside the caller's transaction; audited. Throws
 * ORDER_STATUS_CONFLICT (with the status) or ORDER_NOT_FOUND. Shared by one shipment and the CSV batch.
 */
export async function shipInTransaction(tx: ServiceContext, id: number, body: z.output<typeof shipBodySchema>): Promise<void> {
  const [row] = await tx.db
    .update(orders)
    .set({ status: 'shipped', shippedAt: tx.now, carrier: body.carrier, trackingNo: body.trackingNo, updatedAt: tx.now })
    .where(and(eq(orders.id, id), eq(orders.status, 'paid')))
    .returning({ id: orders.id });
  if (!row) {
    const [existing] = await tx.db.select({ status: orders.status }).from(orders).where(eq(orders.id, id));
    throw existing ? new AppError('ORDER_STATUS_CONFLICT', undefined, { status: existing.status }) : new AppError('ORDER_NOT_FOUND');
  }
  await addOrderEvent(tx.db, {
    orderId: id,
    type: 'shipped',
    fromStatus: 'paid',
    toStatus: 'shipped',
    actorType: 'staff',
    actorId: tx.staff?.id ?? null,
    data: body,
    now: tx.now,
  });
  await recordAudit(tx, { action: 'order.ship', targetType: 'order', targetId: id, before: { status: 'paid' }, after: { status: 'shipped', ...body } });
}

/** POST /api/admin/orders/:id/ship: paid → shipped with carrier and tracking number, once; audited. */
export async function shipOrder(sc: ServiceContext, deps: AppDeps, id: number, body: z.output<typeof shipBodySchema>): Promise<AdminOrder> {
  await inTransaction(sc, (tx) => shipInTransaction(tx, id, body));
  return getOrderForStaff(sc, deps, id);
}
