import type { Fen } from '../../money';
import type { TierCode } from '../../members/tiers';
import type { PromotionCandidateInput } from './candidate';
import { describeRule } from './describe';
import { applyRule, checkRule, promotionRuleSchema, type PromotionRule, type PromotionRuleInput } from './registry';
import type { Applicability, NotApplicableReason, PromotionContext, PromotionLine, RuleApplication } from './types';

// Test factories for the rule tests (plain data, no test framework).

/** A line of one unit at `remainingFen` (also its unit price unless given), ids from `lineId`. */
export function buildPromotionLine(overrides: Partial<Omit<PromotionLine, 'remainingFen'>> & { lineId: string; remainingFen: number }): PromotionLine {
  const { remainingFen, ...rest } = overrides;
  return {
    skuId: 100 + Number(overrides.lineId.replace(/\D/g, '') || 0),
    productId: 10,
    categoryId: 1,
    quantity: 1,
    unitPriceFen: remainingFen as Fen,
    ...rest,
    remainingFen: remainingFen as Fen,
  };
}

/** Lines L1, L2… with the given remaining values; a guest; an ¥8.00 fee. */
export function buildPromotionContext(remaining: readonly number[], overrides: Partial<PromotionContext> = {}): PromotionContext {
  return {
    lines: remaining.map((remainingFen, index) => buildPromotionLine({ lineId: `L${String(index + 1)}`, remainingFen })),
    member: null,
    shippingFeeFen: 800 as Fen,
    ...overrides,
  };
}

export const memberOf = (tierCode: TierCode, isNewCustomer = false) => ({ tierCode, isNewCustomer });

/** Parses a rule as a request body would (defaults filled in). */
export function buildRule(input: PromotionRuleInput): PromotionRule {
  return promotionRuleSchema.parse(input);
}

/** The rule's verdict and, when applicable, its amounts: per line in context order, or the shipping amount. */
export function runRule(input: PromotionRuleInput, ctx: PromotionContext): { applicable: Applicability; amounts: number[] | null } {
  const rule = buildRule(input);
  const applicable = checkRule(rule, ctx);
  if (!applicable.ok) return { applicable, amounts: null };
  return { applicable, amounts: amountsOf(applyRule(rule, ctx), ctx) };
}

function amountsOf(application: RuleApplication, ctx: PromotionContext): number[] {
  if (application.target === 'shipping') return [application.amountFen];
  return ctx.lines.map((line) => application.lines.find((entry) => entry.lineId === line.lineId)?.amountFen ?? 0);
}

/** Amounts when the rule applies, else the reason it does not: one value to compare in a table. */
export function outcomeOf(input: PromotionRuleInput, ctx: PromotionContext): number[] | NotApplicableReason {
  const { applicable, amounts } = runRule(input, ctx);
  return applicable.ok ? (amounts ?? []) : applicable.reason;
}

/** A candidate over every line, group `coupon`, rank 0; the label is the rule's description unless given. */
export function buildCandidate(overrides: Partial<Omit<PromotionCandidateInput, 'rule'>> & { id: string; rule: PromotionRuleInput }): PromotionCandidateInput {
  return { group: 'coupon', kind: 'coupon', scope: { kind: 'all' }, rank: 0, ...overrides, label: overrides.label ?? describeRule(buildRule(overrides.rule)) };
}
