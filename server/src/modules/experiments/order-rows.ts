import crypto from 'node:crypto';
import type { orders } from '../../db/schema';

export interface PlainOrder {
  memberId: number;
  payableFen: number;
  paidAt: Date;
  /** Default 'completed'; 'cancelled' is an order never paid (paidAt is then not written). */
  status?: 'paid' | 'completed' | 'partially_refunded' | 'refunded' | 'cancelled';
  refundedFen?: number;
}

/**
 * An orders row for synthetic purchase histories (the experiments report's tests and demo): no lines, the
 * whole amount as goods, a fixed address. Not for anything that reads order lines.
 */
export function plainOrderRow(order: PlainOrder, tag: string): typeof orders.$inferInsert {
  const status = order.status ?? 'completed';
  const paid = status !== 'cancelled';
  return {
    orderNo: `X${tag}${crypto.randomBytes(8).toString('hex')}`.slice(0, 32),
    memberId: order.memberId,
    status,
    goodsSubtotalFen: order.payableFen,
    discountFen: 0,
    shippingFen: 0,
    payableFen: order.payableFen,
    refundedFen: order.refundedFen ?? (status === 'refunded' ? order.payableFen : 0),
    address: { recipientName: '测试', phone: '', regionText: '上海市', detail: '' },
    idempotencyKey: crypto.randomBytes(8).toString('hex'),
    requestHash: 'synthetic',
    paymentExpiresAt: new Date(order.paidAt.getTime() + 15 * 60_000),
    paidAt: paid ? order.paidAt : null,
    cancelledAt: paid ? null : order.paidAt,
    completedAt: status === 'completed' ? order.paidAt : null,
    createdAt: order.paidAt,
  };
}
