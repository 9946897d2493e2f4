import { z } from 'zod';
import { addFen, minFen, mulFen, subFen, toFen, type Fen } from '../money';
import { explainQuote } from './explain';
import { prorate } from './prorate';
import {
  quoteInputSchema,
  type Adjustment,
  type AppliedAdjustment,
  type LineAdjustmentShare,
  type Quote,
  type QuoteInput,
  type QuoteLine,
  type ShippingDecision,
  type ShippingRule,
} from './quote-schema';
import { resolveSkuPrice } from './resolve-sku-price';

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
 * shipping fee (free when goods after discounts reach the threshold) and shipping adjustments.
 * Pure: the input is validated into a fresh copy and never mutated. Throws PricingInputError on
 * invalid input.
 */
export function quote(input: QuoteInput): Quote {
  const parsed = parseQuoteInput(input);
  const states = parsed.lines.map(priceLine(parsed.member));
  const applied = new Map<string, AppliedAdjustment>();
  for (const adjustment of parsed.adjustments) {
    if (!adjustment.appliesToShipping) applied.set(adjustment.id, applyGoodsAdjustment(adjustment, states));
  }
  const lines = states.map(finishLine);
  const goodsSubtotalFen = addFen(...lines.map((line) => line.subtotalFen));
  const discountTotalFen = addFen(...lines.map((line) => line.discountFen));
  const goodsPayableFen = subFen(goodsSubtotalFen, discountTotalFen);
  const shipping = decideShipping(parsed.shipping, goodsPayableFen, parsed.adjustments, applied);
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
 * Takes a goods adjustment off its in-scope lines: capped at what they have left, prorated by what
 * each has left (so no line can go below zero), shares recorded on the lines.
 */
function applyGoodsAdjustment(adjustment: Adjustment, states: LineState[]): AppliedAdjustment {
  const scope = adjustment.scope?.lineIds;
  const inScope = scope ? states.filter((state) => scope.includes(state.line.lineId)) : states;
  const remaining = inScope.map(remainingOf);
  const appliedFen = minFen(adjustment.amountFen, addFen(...remaining));
  const shares = prorate(appliedFen, remaining);
  inScope.forEach((state, index) => {
    const share = shares[index] ?? toFen(0);
    if (share === 0) return;
    state.shares.push({ adjustmentId: adjustment.id, amountFen: share });
    state.discountFen = addFen(state.discountFen, share);
  });
  return describeApplied(adjustment, 'goods', inScope.map((state) => state.line.lineId), appliedFen);
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

/**
 * The shipping fee: none when the base fee is 0, free when goods after discounts reach the
 * threshold (≥), else the base fee; then shipping adjustments in order, each capped at what is left
 * and recorded in `applied`.
 */
function decideShipping(
  rule: ShippingRule,
  goodsPayableFen: Fen,
  adjustments: readonly Adjustment[],
  applied: Map<string, AppliedAdjustment>,
): ShippingDecision {
  const { baseFeeFen, freeThresholdFen } = rule;
  const isThresholdMet = freeThresholdFen !== null && goodsPayableFen >= freeThresholdFen;
  const basis: ShippingDecision['basis'] = baseFeeFen === 0 ? 'no_fee' : isThresholdMet ? 'free_by_threshold' : 'base_fee';
  const ruleFeeFen = basis === 'base_fee' ? baseFeeFen : toFen(0);
  // Only worth telling the member when reaching the threshold would save a fee.
  const shortOfFreeFen = basis === 'base_fee' && freeThresholdFen !== null ? subFen(freeThresholdFen, goodsPayableFen) : toFen(0);
  let feeFen = ruleFeeFen;
  for (const adjustment of adjustments) {
    if (!adjustment.appliesToShipping) continue;
    const appliedFen = minFen(adjustment.amountFen, feeFen);
    feeFen = subFen(feeFen, appliedFen);
    applied.set(adjustment.id, describeApplied(adjustment, 'shipping', [], appliedFen));
  }
  const discountFen = subFen(ruleFeeFen, feeFen);
  return { baseFeeFen, freeThresholdFen, goodsPayableFen, basis, shortOfFreeFen, ruleFeeFen, discountFen, feeFen };
}
