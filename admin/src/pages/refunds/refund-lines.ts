import type { AdminOrder, Refund } from '@siyu/shared';
import { money } from '../../format';
import { specsLabel } from '../../labels';

/** One row of what a refund returns, named by the order's line when the order is at hand. */
export interface RefundItemView {
  key: string;
  label: string;
  quantity: number | null;
  amountFen: number;
}

type OrderLine = Pick<AdminOrder['lines'][number], 'lineNo' | 'title' | 'specs'>;

/** "低脂牛奶 250ml×12盒（规格:整箱）", or "第 2 行" when the order's lines are not loaded. */
export function orderLineLabel(lineNo: number, lines: readonly OrderLine[] | undefined): string {
  const line = lines?.find((candidate) => candidate.lineNo === lineNo);
  if (!line) return `第 ${lineNo} 行`;
  const specs = specsLabel(line.specs);
  return specs ? `${line.title}（${specs}）` : line.title;
}

/** The refund's lines, plus shipping as its own row when it comes back; the amounts add up to `amountFen`. */
export function refundItems(refund: Pick<Refund, 'lines' | 'shippingFen'>, lines?: readonly OrderLine[]): RefundItemView[] {
  const items: RefundItemView[] = refund.lines.map((line) => ({
    key: `line-${line.lineNo}`,
    label: orderLineLabel(line.lineNo, lines),
    quantity: line.quantity,
    amountFen: line.amountFen,
  }));
  if (refund.shippingFen > 0) items.push({ key: 'shipping', label: '运费', quantity: null, amountFen: refund.shippingFen });
  return items;
}

/** "第 1 行 × 2，第 3 行 × 1，含运费 ¥8.00" for a list cell. */
export function refundSummary(refund: Pick<Refund, 'lines' | 'shippingFen'>, lines?: readonly OrderLine[]): string {
  const parts = refund.lines.map((line) => `${orderLineLabel(line.lineNo, lines)} × ${line.quantity}`);
  if (refund.shippingFen > 0) parts.push(`含运费 ${money(refund.shippingFen)}`);
  return parts.join('，');
}

/** The refunds an order's events name (refund_requested carries the refund id), oldest first, each once. */
export function refundIdsOfEvents(events: readonly Pick<AdminOrder['events'][number], 'type' | 'data'>[]): number[] {
  const ids: number[] = [];
  for (const event of events) {
    const data = event.data as { refundId?: unknown } | null;
    const id = event.type === 'refund_requested' && typeof data === 'object' && data !== null ? data.refundId : undefined;
    if (typeof id === 'number' && Number.isInteger(id) && !ids.includes(id)) ids.push(id);
  }
  return ids;
}
