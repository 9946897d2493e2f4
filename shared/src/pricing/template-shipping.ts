import { addFen, formatFen, subFen, toFen, type Fen } from '../money';
import { explainShippingComputation, settleGroup, type ShippingGroup } from '../shipping';
import type { ShippingDecision, ShippingRule } from './quote-schema';

/** What a shipping rule decides before shipping adjustments (coupons) come off. */
export type RuleShipping = Pick<ShippingDecision, 'baseFeeFen' | 'freeThresholdFen' | 'basis' | 'shortOfFreeFen' | 'ruleFeeFen' | 'explanation'>;

/** The flat rule: none when the base fee is 0, free when goods after discounts reach the threshold (≥), else the base fee. */
export function decideFlatShipping(rule: ShippingRule, goodsPayableFen: Fen): RuleShipping {
  const { baseFeeFen, freeThresholdFen } = rule;
  const basis = baseFeeFen === 0 ? 'no_fee' : freeThresholdFen !== null && goodsPayableFen >= freeThresholdFen ? 'free_by_threshold' : 'base_fee';
  // Only worth telling the member when reaching the threshold would save a fee.
  const shortOfFreeFen = basis === 'base_fee' && freeThresholdFen !== null ? subFen(freeThresholdFen, goodsPayableFen) : toFen(0);
  const ruleFeeFen = basis === 'base_fee' ? baseFeeFen : toFen(0);
  return { baseFeeFen, freeThresholdFen, basis, shortOfFreeFen, ruleFeeFen, ...(rule.explanation ? { explanation: rule.explanation } : {}) };
}

/** The amount the shopper is nudged towards ("再买¥X包邮"): the nearer of the tier perk and a lone charged group's amount. */
function nudge(groups: readonly ShippingGroup[], tierThresholdFen: Fen | null, goodsPayableFen: Fen): { thresholdFen: Fen | null; shortFen: Fen } {
  const options: { thresholdFen: Fen; shortFen: Fen }[] = [];
  if (tierThresholdFen !== null) options.push({ thresholdFen: tierThresholdFen, shortFen: subFen(tierThresholdFen, goodsPayableFen) });
  const charged = groups.filter((group) => group.feeFen > 0);
  const [lone] = charged;
  if (charged.length === 1 && lone && lone.rule.freeAmountFen !== null) options.push({ thresholdFen: lone.rule.freeAmountFen, shortFen: lone.shortOfFreeFen });
  const best = options.sort((a, b) => a.shortFen - b.shortFen)[0];
  return best ?? { thresholdFen: null, shortFen: toFen(0) };
}

/**
 * Shipping templates at checkout: each planned group is free when its goods after goods discounts reach
 * its amount (or its pieces the count), the group fees are summed, and the member's tier perk
 * (`freeThresholdFen`, on the whole order's goods after discounts) can still waive the lot.
 */
export function decideTemplateShipping(rule: ShippingRule, goodsPayableFen: Fen, payableOf: (lineIds: readonly string[]) => Fen): RuleShipping {
  const groups = (rule.templates ?? []).map((group) => settleGroup(group, payableOf(group.lineIds)));
  const templateFeeFen = addFen(...groups.map((group) => group.feeFen));
  const baseFeeFen = addFen(...groups.map((group) => group.baseFeeFen));
  const tierThresholdFen = rule.freeThresholdFen;
  const isTierFree = templateFeeFen > 0 && tierThresholdFen !== null && goodsPayableFen >= tierThresholdFen;
  const ruleFeeFen = isTierFree ? toFen(0) : templateFeeFen;
  const basis = baseFeeFen === 0 ? 'no_fee' : ruleFeeFen === 0 ? 'free_by_threshold' : 'base_fee';
  const lone = groups.length === 1 ? groups[0] : undefined;
  const freedBy = isTierFree ? tierThresholdFen : lone?.freeBy === 'amount' ? lone.rule.freeAmountFen : null;
  const { thresholdFen, shortFen } = ruleFeeFen > 0 ? nudge(groups, tierThresholdFen, goodsPayableFen) : { thresholdFen: freedBy, shortFen: toFen(0) };
  const explanation = [
    ...(rule.explanation ?? []),
    ...explainShippingComputation({ feeFen: templateFeeFen, groups }),
    ...(isTierFree && tierThresholdFen !== null ? [`会员包邮：商品满${formatFen(tierThresholdFen)}免运费`] : []),
  ];
  return { baseFeeFen, freeThresholdFen: thresholdFen, basis, shortOfFreeFen: shortFen, ruleFeeFen, explanation };
}

/**
 * The solver's estimate of a template fee from the order's goods total alone: each group's goods after
 * discounts taken as its share of the total (the quote itself measures each line exactly).
 */
export function estimateTemplateShippingFen(rule: ShippingRule, goodsPayableFen: Fen): Fen {
  const groups = rule.templates ?? [];
  const totalFen = addFen(...groups.map((group) => group.goodsFen));
  const shareOf = (lineIds: readonly string[]) => {
    const group = groups.find((candidate) => candidate.lineIds === lineIds);
    if (!group || totalFen === 0) return goodsPayableFen;
    return toFen(Number((BigInt(group.goodsFen) * BigInt(goodsPayableFen)) / BigInt(totalFen)));
  };
  return decideTemplateShipping(rule, goodsPayableFen, shareOf).ruleFeeFen;
}
