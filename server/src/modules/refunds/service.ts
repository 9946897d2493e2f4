import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import {
  OPEN_REFUND_STATUSES,
  planRefund,
  type AdminRefund,
  type adminRefundListQuerySchema,
  type Fen,
  type OrderStatus,
  type Refund,
  type RefundCreateBody,
} from '@siyu/shared';
import { inTransaction, requireStaffActor, type ServiceContext } from '../../context';
import { orders } from '../../db/schema';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { AppError } from '../../lib/errors';
import type { PhoneCrypto } from '../../lib/phone-crypto';
import { recordAudit } from '../audit';
import { findBuyers } from '../members';
import { findReturnAddress } from './after-sale-settings';
import { addOrderEvent, findOrderLines, withOrderLines, type OrderLineRow, type OrderRow } from '../orders/repo';
import {
  findRefundsOfOrder,
  findRefundWithOrder,
  insertRefund,
  listRefundsWithOrders,
  lockOrder,
  lockRefundWithOrder,
  transitionRefund,
  type RefundRow,
  type RefundWithOrder,
} from './repo';
import { toAdminRefund, toRefund } from './views';

/** Order statuses a member may ask for a refund from (`refunding` means a request is already open). */
const REFUNDABLE_STATUSES: readonly string[] = ['paid', 'shipped', 'completed', 'partially_refunded'] satisfies OrderStatus[];
/** WeChat Pay accepts at most 50 refunds per order. */
const MAX_WECHAT_REFUNDS = 50;

const isOpen = (refund: RefundRow) => OPEN_REFUND_STATUSES.some((status) => status === refund.status);

/** The member's own order, locked; 404 for anyone else's. */
async function lockMemberOrder(tx: ServiceContext, memberId: number, orderId: number): Promise<OrderRow> {
  const order = await lockOrder(tx.db, orderId);
  if (!order || order.memberId !== memberId) throw new AppError('ORDER_NOT_FOUND');
  return order;
}

/** Prices the request against the order's lines; throws the client's error when it cannot be granted. */
function priceRequest(order: OrderRow, lines: OrderLineRow[], existing: RefundRow[], body: RefundCreateBody) {
  const openUnits = (lineNo: number) =>
    existing.filter(isOpen).reduce((sum, refund) => sum + (refund.lines.find((line) => line.lineNo === lineNo)?.quantity ?? 0), 0);
  const result = planRefund({
    lines: lines.map((line) => ({
      lineNo: line.lineNo,
      quantity: line.quantity,
      payableFen: line.payableFen as Fen,
      refundedQuantity: line.refundedQuantity,
      openQuantity: openUnits(line.lineNo),
    })),
    requested: body.lines,
    shippingFen: order.shippingFen as Fen,
    isShipped: order.shippedAt !== null,
  });
  if (result.ok) return result.plan;
  if (result.reason === 'unknown_line') {
    const issues = body.lines.flatMap((line, index) =>
      result.lineNos.includes(line.lineNo) ? [{ field: `body.lines.${index}.lineNo`, message: 'no such line in this order' }] : [],
    );
    throw new AppError('VALIDATION_FAILED', 'unknown order line', { issues });
  }
  if (result.reason === 'quantity_exceeded') throw new AppError('REFUND_QUANTITY_EXCEEDED', undefined, { lines: result.lines });
  throw new AppError('REFUND_NOT_ALLOWED', 'nothing to refund for these units', { reason: result.reason });
}

/**
 * POST /api/orders/:id/refunds: one transaction under the order's row lock, so parallel requests on
 * one order run one after another and only the first finds it refundable. The order moves to
 * `refunding`; its status before is kept on the refund to return to on rejection or failure.
 */
export async function requestRefund(sc: ServiceContext, memberId: number, orderId: number, body: RefundCreateBody): Promise<Refund> {
  return inTransaction(sc, async (tx) => {
    const order = await lockMemberOrder(tx, memberId, orderId);
    if (!REFUNDABLE_STATUSES.includes(order.status)) throw new AppError('REFUND_NOT_ALLOWED', undefined, { status: order.status });
    // Nothing to send back before the parcel left: an unshipped order is refunded without a return.
    if (body.kind === 'return_refund' && order.shippedAt === null) throw new AppError('REFUND_RETURN_NEEDS_SHIPMENT');
    const existing = await findRefundsOfOrder(tx.db, order.id);
    const sent = existing.filter((refund) => refund.status !== 'requested' && refund.status !== 'rejected');
    if (sent.length >= MAX_WECHAT_REFUNDS) throw new AppError('REFUND_NOT_ALLOWED', undefined, { reason: 'refund_limit', limit: MAX_WECHAT_REFUNDS });
    const plan = priceRequest(order, await findOrderLines(tx.db, order.id), existing, body);
    const row = await insertRefund(tx.db, {
      orderId: order.id,
      // Unique under the order lock; ≤ 32 + 4 characters of [0-9A-Z], a valid out_refund_no.
      outRefundNo: `${order.orderNo}R${existing.length + 1}`,
      status: 'requested',
      lines: plan.lines,
      shippingFen: plan.shippingFen,
      amountFen: plan.amountFen,
      reason: body.reason,
      kind: body.kind,
      photos: body.photos,
      orderStatusBefore: order.status,
      createdAt: tx.now,
      updatedAt: tx.now,
    });
    await tx.db.update(orders).set({ status: 'refunding', updatedAt: tx.now }).where(eq(orders.id, order.id));
    await addOrderEvent(tx.db, {
      orderId: order.id,
      type: 'refund_requested',
      fromStatus: order.status,
      toStatus: 'refunding',
      actorType: 'member',
      actorId: memberId,
      data: { refundId: row.id, amountFen: plan.amountFen, kind: body.kind },
      now: tx.now,
    });
    return toRefund(row);
  });
}

/** GET /api/orders/:id/refunds: the member's refunds of their own order, newest first. */
export async function listOrderRefunds(sc: ServiceContext, memberId: number, orderId: number): Promise<{ items: Refund[] }> {
  const [order] = await sc.db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.id, orderId), eq(orders.memberId, memberId)));
  if (!order) throw new AppError('ORDER_NOT_FOUND');
  return { items: (await findRefundsOfOrder(sc.db, order.id)).map(toRefund) };
}

/** GET /api/admin/refunds: by status, newest first. */
export async function listRefundsForStaff(sc: ServiceContext, phoneCrypto: PhoneCrypto, query: z.output<typeof adminRefundListQuerySchema>) {
  const beforeId = query.cursor ? decodeCursor(query.cursor, ['id'])[0] : undefined;
  const rows = await listRefundsWithOrders(sc.db, {
    ...(query.status ? { status: query.status } : {}),
    ...(beforeId === undefined ? {} : { beforeId }),
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  // Each order once (two refunds of one order would otherwise name its lines twice).
  const pageOrders = [...new Map(page.map(({ order }) => [order.id, order])).values()];
  const lines = (await withOrderLines(sc.db, pageOrders)).flatMap((entry) => entry.lines);
  const buyers = await findBuyers(
    sc.db,
    phoneCrypto,
    pageOrders.map((order) => order.memberId),
  );
  return {
    items: page.map(({ refund, order }) => {
      const buyer = buyers.get(order.memberId);
      return { ...toAdminRefund(refund, order, lines), ...(buyer ? { buyer } : {}) };
    }),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.refund.id]) : null,
  };
}

/** GET /api/admin/refunds/:id. */
export async function getRefundForStaff(sc: ServiceContext, id: number): Promise<AdminRefund> {
  const row = await findRefundWithOrder(sc.db, id);
  if (!row) throw new AppError('REFUND_NOT_FOUND');
  return toAdminRefund(row.refund, row.order, await findOrderLines(sc.db, row.order.id));
}

type RefundChange = Parameters<typeof transitionRefund>[3];

/** Locks the refund's order and moves the refund out of `requested`, or 409 with its status. */
async function reviewRequested(tx: ServiceContext, id: number, set: RefundChange | ((refund: RefundRow) => Promise<RefundChange>)): Promise<RefundWithOrder> {
  const { refund, order } = await lockRefundWithOrder(tx.db, { id });
  if (refund.status !== 'requested') throw new AppError('REFUND_STATUS_CONFLICT', undefined, { status: refund.status });
  const change = typeof set === 'function' ? await set(refund) : set;
  const row = await transitionRefund(tx.db, id, 'requested', { ...change, reviewedBy: requireStaffActor(tx).id, updatedAt: tx.now });
  if (!row) throw new AppError('REFUND_STATUS_CONFLICT', undefined, { status: refund.status });
  return { refund: row, order };
}

/**
 * Approval, the first step of the approve flow, audited: a 仅退款 goes requested → processing (the money
 * goes next); a 退货退款 goes requested → awaiting_return with the store's return address copied onto it
 * (the money waits for staff to confirm the goods came back). The restock choice is kept for the payout.
 */
export async function markRefundApproved(sc: ServiceContext, id: number, restock: boolean): Promise<RefundWithOrder> {
  return inTransaction(sc, async (tx) => {
    const approved = await reviewRequested(tx, id, async (refund) => {
      if (refund.kind !== 'return_refund') return { status: 'processing', restock };
      const returnAddress = await findReturnAddress(tx.db);
      if (!returnAddress) throw new AppError('RETURN_ADDRESS_NOT_SET');
      return { status: 'awaiting_return', restock, returnAddress };
    });
    const actorId = requireStaffActor(tx).id;
    const status = approved.refund.status;
    await addOrderEvent(tx.db, {
      orderId: approved.order.id,
      type: 'refund_approved',
      actorType: 'staff',
      actorId,
      data: { refundId: id, restock, kind: approved.refund.kind },
      now: tx.now,
    });
    await recordAudit(tx, { action: 'refund.approve', targetType: 'refund', targetId: id, before: { status: 'requested' }, after: { status, restock } });
    return approved;
  });
}

/**
 * POST /api/orders/:id/refunds/:refundId/return-shipment: the member sent the goods back (awaiting_return
 * → returning) with the carrier and tracking number; under the order's lock, once.
 */
export async function recordReturnShipment(
  sc: ServiceContext,
  memberId: number,
  params: { id: number; refundId: number },
  body: { carrier: string; trackingNo: string },
): Promise<Refund> {
  return inTransaction(sc, async (tx) => {
    const order = await lockMemberOrder(tx, memberId, params.id);
    const [refund] = (await findRefundsOfOrder(tx.db, order.id)).filter((candidate) => candidate.id === params.refundId);
    if (!refund) throw new AppError('REFUND_NOT_FOUND');
    const row = await transitionRefund(tx.db, refund.id, 'awaiting_return', {
      status: 'returning',
      returnCarrier: body.carrier,
      returnTrackingNo: body.trackingNo,
      returnShippedAt: tx.now,
      updatedAt: tx.now,
    });
    if (!row) throw new AppError('REFUND_STATUS_CONFLICT', undefined, { status: refund.status });
    await addOrderEvent(tx.db, {
      orderId: order.id,
      type: 'refund_return_shipped',
      actorType: 'member',
      actorId: memberId,
      data: { refundId: refund.id, ...body },
      now: tx.now,
    });
    return toRefund(row);
  });
}

/**
 * Staff confirm the returned goods arrived: returning → processing (the payout step follows), under the
 * order's lock, so of parallel confirmations exactly one moves it and the others answer 409; audited.
 */
export async function markReturnReceived(sc: ServiceContext, id: number): Promise<RefundWithOrder> {
  return inTransaction(sc, async (tx) => {
    const { refund, order } = await lockRefundWithOrder(tx.db, { id });
    const row = await transitionRefund(tx.db, id, 'returning', { status: 'processing', returnReceivedAt: tx.now, updatedAt: tx.now });
    if (!row) throw new AppError('REFUND_STATUS_CONFLICT', undefined, { status: refund.status });
    const actorId = requireStaffActor(tx).id;
    await addOrderEvent(tx.db, { orderId: order.id, type: 'refund_return_received', actorType: 'staff', actorId, data: { refundId: id }, now: tx.now });
    await recordAudit(tx, {
      action: 'refund.confirm_receipt',
      targetType: 'refund',
      targetId: id,
      before: { status: 'returning', returnTrackingNo: refund.returnTrackingNo },
      after: { status: 'processing' },
    });
    return { refund: row, order };
  });
}

/** POST /api/admin/refunds/:id/reject: requested → rejected, the order back to its status before; audited. */
export async function rejectRefund(sc: ServiceContext, id: number, note: string): Promise<AdminRefund> {
  return inTransaction(sc, async (tx) => {
    const { refund, order } = await reviewRequested(tx, id, { status: 'rejected', reviewNote: note, completedAt: tx.now });
    await tx.db
      .update(orders)
      .set({ status: refund.orderStatusBefore, updatedAt: tx.now })
      .where(and(eq(orders.id, order.id), eq(orders.status, 'refunding')));
    const actorId = requireStaffActor(tx).id;
    await addOrderEvent(tx.db, {
      orderId: order.id,
      type: 'refund_rejected',
      fromStatus: order.status,
      toStatus: refund.orderStatusBefore,
      actorType: 'staff',
      actorId,
      data: { refundId: id, note },
      now: tx.now,
    });
    await recordAudit(tx, {
      action: 'refund.reject',
      targetType: 'refund',
      targetId: id,
      before: { status: 'requested' },
      after: { status: 'rejected', note },
    });
    return toAdminRefund(refund, order, await findOrderLines(tx.db, order.id));
  });
}
