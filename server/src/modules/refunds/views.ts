import { orderStatusSchema, refundKindSchema, refundStatusSchema, type AdminRefund, type Refund } from '@siyu/shared';
import type { OrderLineRow, OrderRow } from '../orders/repo';
import type { RefundRow } from './repo';

/** A refund as its member sees it. */
export function toRefund(row: RefundRow): Refund {
  return {
    id: row.id,
    orderId: row.orderId,
    outRefundNo: row.outRefundNo,
    status: refundStatusSchema.parse(row.status),
    lines: row.lines,
    shippingFen: row.shippingFen,
    amountFen: row.amountFen,
    reason: row.reason,
    orderStatusBefore: orderStatusSchema.parse(row.orderStatusBefore),
    restock: row.restock,
    kind: refundKindSchema.parse(row.kind),
    photos: row.photos,
    returnAddress: row.returnAddress ?? null,
    returnCarrier: row.returnCarrier,
    returnTrackingNo: row.returnTrackingNo,
    returnShippedAt: row.returnShippedAt ? row.returnShippedAt.toISOString() : null,
    returnReceivedAt: row.returnReceivedAt ? row.returnReceivedAt.toISOString() : null,
    reviewNote: row.reviewNote,
    completedAt: row.completedAt ? row.completedAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A refund as staff review it, with its order's number and member, and the names of the lines it returns. */
export function toAdminRefund(row: RefundRow, order: OrderRow, lines: readonly OrderLineRow[]): AdminRefund {
  const refunded = new Set(row.lines.map((line) => line.lineNo));
  return {
    ...toRefund(row),
    orderNo: order.orderNo,
    orderLines: lines.filter((line) => line.orderId === order.id && refunded.has(line.lineNo)).map(({ lineNo, title, specs }) => ({ lineNo, title, specs })),
    memberId: order.memberId,
    reviewedBy: row.reviewedBy,
    wechatRefundId: row.wechatRefundId,
  };
}
