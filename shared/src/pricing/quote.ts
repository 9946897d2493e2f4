import { z } from 'zod';
import { addFen, minFen, mulFen, subFen, toFen, type Fen } from '../money';
import { explainQuote } from './explain';
import { prorate } from './prorate';
import {
  quoteInputSchema,
  type Adjustment,
  type AppliedAdjustment,
  type LineAdjustmentShare,
  type LineAmount,
  type Quote,
  type QuoteInput,
  type QuoteLine,
  type ShippingDecision,
  type ShippingRule,
} from './quote-schema';
import { resolveSkuPrice } from './resolve-sku-price';
import { decideFlatShipping, decideTemplateShipping, estimateTemplateShippingFen } from './template-shipping';

/**
 * The quote input broke the schema (a bug in the caller: fractional fen, unknown line id in a
 * scope…). Thrown, not returned: expected outcomes such as a capped coupon are part of the quote.
 */
export class PricingInputError extends Error {
  override readonly name = 'PricingInputError';
}

/** A line while adjustments are being applied; private to one quote() call. */
interface LineState {
  line: QuoteLine;
  shares: LineAdjustmentShare[];
  discountFen: Fen;
}

/**
 * Prices a cart: unit prices for the member, line subtotals, the adjustments in input order (each
 * prorated over its lines' value left after the earlier ones and capped at that value), then the
 * shipping fee (free when goods after discounts reach the threshold) and shipping adjustments, then
 * points (kind 'points'): they pay for goods after everything else and do not count against the
 * free-shipping threshold.
 * Pure: the input is validated into a fresh copy and never mutated. Throws PricingInputError on
 * invalid input.
 */
export function quote(input: QuoteInput): Quote {
  const parsed = parseQuoteInput(input);
  const states = parsed.lines.map(priceLine(parsed.member));
  const applied = new Map<string, AppliedAdjustment>();
  const isLate = (adjustment: Adjustment) => adjustment.kind === 'points';
  for (const adjustment of parsed.adjustments) {
    if (!adjustment.appliesToShipping && !isLate(adjustment)) applied.set(adjustment.id, applyGoodsAdjustment(adjustment, states));
  }
  // The free-shipping threshold is measured before points: paying with points never brings a fee back.
  const goodsBeforePointsFen = subFen(addFen(...states.map((state) => state.line.subtotalFen)), addFen(...states.map((state) => state.discountFen)));
  const payableOf = (lineIds: readonly string[]) => addFen(...states.filter((state) => lineIds.includes(state.line.lineId)).map(remainingOf));
  const shipping = decideShipping(parsed.shipping, goodsBeforePointsFen, payableOf, parsed.adjustments, applied);
  for (const adjustment of parsed.adjustments) {
    if (!adjustment.appliesToShipping && isLate(adjustment)) applied.set(adjustment.id, applyGoodsAdjustment(adjustment, states));
  }
  const lines = states.map(finishLine);
  const goodsSubtotalFen = addFen(...lines.map((line) => line.subtotalFen));
  const discountTotalFen = addFen(...lines.map((line) => line.discountFen));
  const goodsPayableFen = subFen(goodsSubtotalFen, discountTotalFen);
  // Reported in input order, whichever target each one had.
  const adjustments = parsed.adjustments.flatMap((adjustment) => applied.get(adjustment.id) ?? []);
  const payableTotalFen = addFen(goodsPayableFen, shipping.feeFen);
  const explanation = explainQuote({ lines, adjustments, goodsSubtotalFen, shipping, payableTotalFen });
  return { lines, adjustments, goodsSubtotalFen, discountTotalFen, shippingFeeFen: shipping.feeFen, shipping, payableTotalFen, explanation };
}

function parseQuoteInput(input: QuoteInput): QuoteInput {
  const result = quoteInputSchema.safeParse(input);
  if (!result.success) throw new PricingInputError(`invalid quote input: ${z.prettifyError(result.error)}`);
  return result.data;
}

function priceLine(member: QuoteInput['member']) {
  return (input: QuoteInput['lines'][number]): LineState => {
    const resolved = resolveSkuPrice(input.sku, member);
    const subtotalFen = mulFen(resolved.unitPriceFen, input.quantity);
    const line: QuoteLine = {
      lineId: input.lineId,
      skuId: input.skuId,
      quantity: input.quantity,
      unitPriceFen: resolved.unitPriceFen,
      priceSource: resolved.source,
      tierCode: resolved.tierCode,
      publicPriceFen: resolved.publicPriceFen,
      subtotalFen,
      adjustments: [],
      discountFen: toFen(0),
      payableFen: subtotalFen,
    };
    return { line, shares: [], discountFen: toFen(0) };
  };
}

/** Value a line still has to discount. */
function remainingOf(state: LineState): Fen {
  return subFen(state.line.subtotalFen, state.discountFen);
}

/**
 * Takes a goods adjustment off its lines and records the shares on them. With `lineAmounts` each
 * named line gives exactly its amount, capped at what it has left; otherwise the amount is capped at
 * what the in-scope lines have left and prorated by what each has left. Either way no line can go
 * below zero.
 */
function applyGoodsAdjustment(adjustment: Adjustment, states: LineState[]): AppliedAdjustment {
  const { inScope, shares } = adjustment.lineAmounts ? takeLineAmounts(adjustment.lineAmounts, states) : prorateOverScope(adjustment, states);
  inScope.forEach((state, index) => {
    const share = shares[index] ?? toFen(0);
    if (share === 0) return;
    state.shares.push({ adjustmentId: adjustment.id, amountFen: share });
    state.discountFen = addFen(state.discountFen, share);
  });
  return describeApplied(
    adjustment,
    'goods',
    inScope.map((state) => state.line.lineId),
    addFen(...shares),
  );
}

/** The in-scope lines (all when unscoped) and the adjustment prorated over their remaining value. */
function prorateOverScope(adjustment: Adjustment, states: LineState[]): { inScope: LineState[]; shares: Fen[] } {
  const scope = adjustment.scope?.lineIds;
  const inScope = scope ? states.filter((state) => scope.includes(state.line.lineId)) : states;
  const remaining = inScope.map(remainingOf);
  return { inScope, shares: prorate(minFen(adjustment.amountFen, addFen(...remaining)), remaining) };
}

/** The lines named by `lineAmounts` (in cart order), each taking its amount capped at its remaining value. */
function takeLineAmounts(lineAmounts: readonly LineAmount[], states: LineState[]): { inScope: LineState[]; shares: Fen[] } {
  const requested = new Map(lineAmounts.map((entry) => [entry.lineId, entry.amountFen]));
  const inScope = states.filter((state) => requested.has(state.line.lineId));
  return { inScope, shares: inScope.map((state) => minFen(requested.get(state.line.lineId) ?? toFen(0), remainingOf(state))) };
}

function describeApplied(adjustment: Adjustment, target: AppliedAdjustment['target'], lineIds: string[], appliedFen: Fen): AppliedAdjustment {
  return {
    id: adjustment.id,
    kind: adjustment.kind,
    label: adjustment.label,
    target,
    lineIds,
    appliedFen,
    cappedFromFen: appliedFen < adjustment.amountFen ? adjustment.amountFen : null,
  };
}

function finishLine(state: LineState): QuoteLine {
  return { ...state.line, adjustments: state.shares, discountFen: state.discountFen, payableFen: remainingOf(state) };
}

/** The fee the shipping rule charges for goods worth `goodsPayableFen` after discounts, before shipping discounts (templates: estimated). */
export function shippingRuleFeeFen(rule: ShippingRule, goodsPayableFen: Fen): Fen {
  if (rule.templates) return estimateTemplateShippingFen(rule, goodsPayableFen);
  const isFree = rule.baseFeeFen === 0 || (rule.freeThresholdFen !== null && goodsPayableFen >= rule.freeThresholdFen);
  return isFree ? toFen(0) : rule.baseFeeFen;
}

/**
 * The shipping fee: the flat rule (none when the base fee is 0, free when goods after discounts reach
 * the threshold (≥), else the base fee) or the shipping templates; then shipping adjustments in
 * order, each capped at what is left and recorded in `applied`.
 */
function decideShipping(
  rule: ShippingRule,
  goodsPayableFen: Fen,
  payableOf: (lineIds: readonly string[]) => Fen,
  adjustments: readonly Adjustment[],
  applied: Map<string, AppliedAdjustment>,
): ShippingDecision {
  const decided = rule.templates ? decideTemplateShipping(rule, goodsPayableFen, payableOf) : decideFlatShipping(rule, goodsPayableFen);
  const { ruleFeeFen } = decided;
  let feeFen = ruleFeeFen;
  for (const adjustment of adjustments) {
    if (!adjustment.appliesToShipping) continue;
    const appliedFen = minFen(adjustment.amountFen, feeFen);
    feeFen = subFen(feeFen, appliedFen);
    applied.set(adjustment.id, describeApplied(adjustment, 'shipping', [], appliedFen));
  }
  return { ...decided, goodsPayableFen, discountFen: subFen(ruleFeeFen, feeFen), feeFen };
}
