import type { Quote } from '@siyu/shared';
import { ApiError } from '../api/errors';

/** What the checkout page does about a failed quote or order submission. */
export type CheckoutFailure =
  /** The server re-priced to another total: show it, and submit again only when the member agrees. */
  | { kind: 'price_changed'; quote: Quote }
  /** Some lines cannot be bought as they are: say which and why. */
  | { kind: 'lines'; title: string; problems: Map<number, string> }
  /** The chosen address is gone: pick another. */
  | { kind: 'address' }
  /** No answer, or the server failed: the same submission may be retried (with the same key). */
  | { kind: 'retry'; message: string }
  | { kind: 'other'; message: string };

interface LineDetail {
  skuId?: unknown;
  reason?: unknown;
  available?: unknown;
  limit?: unknown;
}

function detailLines(details: unknown): LineDetail[] {
  const lines = details && typeof details === 'object' ? (details as { lines?: unknown }).lines : undefined;
  return Array.isArray(lines) ? lines.filter((line): line is LineDetail => line !== null && typeof line === 'object') : [];
}

function lineMessage(code: string, line: LineDetail): string {
  if (code === 'ORDER_STOCK_INSUFFICIENT') return typeof line.available === 'number' && line.available > 0 ? `库存不足，仅剩 ${line.available} 件` : '已售罄';
  if (code === 'ORDER_LIMIT_EXCEEDED') return typeof line.limit === 'number' ? `每人限购 ${line.limit} 件（含已购）` : '超出限购数量';
  return line.reason === 'off_sale' ? '商品已下架' : '商品已失效';
}

const LINE_CODES = new Set(['ORDER_LINES_UNAVAILABLE', 'ORDER_STOCK_INSUFFICIENT', 'ORDER_LIMIT_EXCEEDED']);

/** Sorts an error of POST /api/checkout/quote or POST /api/orders into what the page should do. */
export function classifyCheckoutError(error: unknown): CheckoutFailure {
  if (!(error instanceof ApiError)) return { kind: 'retry', message: '提交失败，请重试' };
  if (error.code === 'PRICE_CHANGED') {
    const quote = error.details && typeof error.details === 'object' ? (error.details as { quote?: Quote }).quote : undefined;
    if (quote && typeof quote.payableTotalFen === 'number') return { kind: 'price_changed', quote };
  }
  if (LINE_CODES.has(error.code)) {
    const problems = new Map<number, string>();
    for (const line of detailLines(error.details)) if (typeof line.skuId === 'number') problems.set(line.skuId, lineMessage(error.code, line));
    return { kind: 'lines', title: error.message, problems };
  }
  if (error.code === 'ADDRESS_NOT_FOUND') return { kind: 'address' };
  if (error.isNetworkError || error.status >= 500) return { kind: 'retry', message: error.message };
  return { kind: 'other', message: error.message };
}
