import { formatFen, OPEN_REFUND_STATUSES, planRefund, type Fen, type Order, type OrderStatus, type Refund, type RefundPlanResult } from '@siyu/shared';

/** Order statuses the server takes a refund request from (`refunding`: one is already open). */
const REFUNDABLE_ORDER_STATUSES: readonly OrderStatus[] = ['paid', 'shipped', 'completed', 'partially_refunded'];

/** The reasons offered in the refund sheet; the member may add their own words. */
export const REFUND_REASONS = ['不想要了', '拍错/多拍了', '商品质量问题', '商品与描述不符', '发货太慢', '其他'] as const;

/** The server's limit for a reason (WeChat Pay shows at most 80 characters to the payer). */
export const REFUND_REASON_MAX = 80;

type RefundLineState = Pick<Order['lines'][number], 'quantity' | 'refundedQuantity'>;

/** Units of a line not refunded yet. */
export function refundableQuantity(line: RefundLineState): number {
  return Math.max(line.quantity - line.refundedQuantity, 0);
}

/** Whether 申请退款 is offered: a refundable status, no open request, and something left to refund. */
export function canRequestRefund(order: Pick<Order, 'status' | 'lines'>, refunds: readonly Pick<Refund, 'status'>[]): boolean {
  if (!REFUNDABLE_ORDER_STATUSES.includes(order.status)) return false;
  if (refunds.some((refund) => OPEN_REFUND_STATUSES.includes(refund.status))) return false;
  return order.lines.some((line) => refundableQuantity(line) > 0);
}

/** Chosen units per line number (a line not in the map is not chosen). */
export type RefundSelection = ReadonlyMap<number, number>;

/**
 * What the server will refund for the chosen units, by the same shared rule (planRefund); null while
 * nothing is chosen. The order has no open request here, so no units are counted as open.
 */
export function previewRefund(order: Pick<Order, 'lines' | 'shippingFen' | 'shippedAt'>, selection: RefundSelection): RefundPlanResult | null {
  const requested = order.lines.flatMap((line) => {
    const quantity = selection.get(line.lineNo) ?? 0;
    return quantity > 0 ? [{ lineNo: line.lineNo, quantity }] : [];
  });
  if (requested.length === 0) return null;
  return planRefund({
    lines: order.lines.map((line) => ({
      lineNo: line.lineNo,
      quantity: line.quantity,
      payableFen: line.payableFen as Fen,
      refundedQuantity: line.refundedQuantity,
      openQuantity: 0,
    })),
    requested,
    shippingFen: order.shippingFen as Fen,
    isShipped: order.shippedAt !== null,
  });
}

/** "预计退款 ¥x.xx", with "，含运费 ¥y.yy" when shipping comes back too. */
export function refundPreviewText(plan: { amountFen: number; shippingFen: number }): string {
  const shipping = plan.shippingFen > 0 ? `，含运费 ${formatFen(plan.shippingFen as Fen)}` : '';
  return `预计退款 ${formatFen(plan.amountFen as Fen)}${shipping}`;
}

/** Why the chosen units cannot be refunded, in the member's words (null when they can). */
export function refundPreviewProblem(result: RefundPlanResult | null): string | null {
  if (result === null) return '请选择要退款的商品';
  if (result.ok) return null;
  if (result.reason === 'zero_amount') return '所选商品的退款金额为 0，请多选几件';
  return '退款数量超过可退数量';
}

/** The reason sent to the server: the chosen reason, then the member's words; at most REFUND_REASON_MAX characters. */
export function refundReasonText(choice: string | null, note: string): string {
  const words = note.trim();
  const text = choice && words ? `${choice}：${words}` : (choice ?? words);
  return Array.from(text).slice(0, REFUND_REASON_MAX).join('');
}
