import { formatFen, type Fen } from '../money';
import { TIER_NAMES } from '../members/tiers';
import type { AppliedAdjustment, QuoteLine, ShippingDecision } from './quote-schema';

// The quote's human explanation (Chinese). Lines are numbered 1… in input order, as the member sees them.

/** "¥99" for whole yuan, "¥99.50" otherwise: thresholds read like the labels staff write (满99减10). */
function formatCompactFen(amount: Fen): string {
  return formatFen(amount).replace(/\.00$/, '');
}

/** [1, 2, 3, 5] → "第1–3、5行". */
export function formatLineNumbers(numbers: readonly number[]): string {
  const sorted = [...numbers].sort((a, b) => a - b);
  const runs: string[] = [];
  let start = sorted[0];
  for (let index = 0; index < sorted.length; index += 1) {
    const current = sorted[index] as number;
    const next = sorted[index + 1];
    if (next === current + 1) continue;
    runs.push(start === current ? String(current) : `${String(start)}–${String(current)}`);
    start = next;
  }
  return `第${runs.join('、')}行`;
}

/** "第1行 会员价（黄金）¥49.00 × 2 = ¥98.00". */
export function explainLine(line: QuoteLine, lineNumber: number): string {
  const price = line.priceSource === 'tier' && line.tierCode ? `会员价（${TIER_NAMES[line.tierCode]}）` : '私域价 ';
  return `第${String(lineNumber)}行 ${price}${formatFen(line.unitPriceFen)} × ${String(line.quantity)} = ${formatFen(line.subtotalFen)}`;
}

/** "满199减50：第1–3行 -¥50.00", with the capped amount when less was left than requested. */
export function explainAdjustment(adjustment: AppliedAdjustment, lineNumberOf: ReadonlyMap<string, number>): string {
  const where = adjustment.target === 'shipping' ? '运费' : formatLineNumbers(adjustment.lineIds.map((lineId) => lineNumberOf.get(lineId) ?? 0));
  const capped = adjustment.cappedFromFen === null ? '' : `（可抵扣金额不足，原 ${formatFen(adjustment.cappedFromFen)}）`;
  return `${adjustment.label}：${where} -${formatFen(adjustment.appliedFen)}${capped}`;
}

/** "运费 ¥8.00，满¥99包邮（还差¥0.01）", "运费 ¥0.00，已满¥99包邮（原运费 ¥8.00）", "免运费". */
export function explainShipping(shipping: ShippingDecision): string {
  const { basis, baseFeeFen, freeThresholdFen } = shipping;
  if (basis === 'no_fee') return '免运费';
  const head = `运费 ${formatFen(shipping.ruleFeeFen)}`;
  if (freeThresholdFen === null) return head;
  const threshold = formatCompactFen(freeThresholdFen);
  if (basis === 'free_by_threshold') return `${head}，已满${threshold}包邮（原运费 ${formatFen(baseFeeFen)}）`;
  return `${head}，满${threshold}包邮（还差${formatFen(shipping.shortOfFreeFen)}）`;
}

/** The whole explanation: lines, subtotal, goods adjustments, shipping, shipping adjustments, total. */
export function explainQuote(parts: {
  lines: readonly QuoteLine[];
  adjustments: readonly AppliedAdjustment[];
  goodsSubtotalFen: Fen;
  shipping: ShippingDecision;
  payableTotalFen: Fen;
}): string[] {
  const lineNumberOf = new Map(parts.lines.map((line, index) => [line.lineId, index + 1]));
  const byTarget = (target: AppliedAdjustment['target']) =>
    parts.adjustments.filter((adjustment) => adjustment.target === target).map((adjustment) => explainAdjustment(adjustment, lineNumberOf));
  return [
    ...parts.lines.map((line, index) => explainLine(line, index + 1)),
    `商品小计 ${formatFen(parts.goodsSubtotalFen)}`,
    ...byTarget('goods'),
    explainShipping(parts.shipping),
    ...(parts.shipping.explanation ?? []),
    ...byTarget('shipping'),
    `应付 ${formatFen(parts.payableTotalFen)}`,
  ];
}
