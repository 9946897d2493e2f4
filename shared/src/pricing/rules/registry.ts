import { z } from 'zod';
import { fixedOffArgsSchema, fixedOffRule, type FixedOffArgs } from './fixed-off';
import { flashPriceArgsSchema, flashPriceRule, type FlashPriceArgs } from './flash-price';
import { freeShippingArgsSchema, freeShippingRule, type FreeShippingArgs } from './free-shipping';
import { newCustomerArgsSchema, newCustomerRule, type NewCustomerArgs } from './new-customer';
import { percentOffArgsSchema, percentOffRule, type PercentOffArgs } from './percent-off';
import { thresholdOffArgsSchema, thresholdOffRule, type ThresholdOffArgs } from './threshold-off';
import { tierDiscountArgsSchema, tierDiscountRule, type TierDiscountArgs } from './tier-discount';
import type { Applicability, PromotionContext, RuleApplication, RuleDefinition } from './types';

/** The args of each rule kind. */
export interface PromotionRuleArgs {
  threshold_off: ThresholdOffArgs;
  percent_off: PercentOffArgs;
  fixed_off: FixedOffArgs;
  new_customer: NewCustomerArgs;
  free_shipping: FreeShippingArgs;
  flash_price: FlashPriceArgs;
  tier_discount: TierDiscountArgs;
}
export type PromotionRuleKind = keyof PromotionRuleArgs;

/** Every rule kind, by code. Adding a kind = one file + one entry here and in the schema below. */
export const RULES: { readonly [K in PromotionRuleKind]: RuleDefinition<K, PromotionRuleArgs[K]> } = {
  threshold_off: thresholdOffRule,
  percent_off: percentOffRule,
  fixed_off: fixedOffRule,
  new_customer: newCustomerRule,
  free_shipping: freeShippingRule,
  flash_price: flashPriceRule,
  tier_discount: tierDiscountRule,
};
export const PROMOTION_RULE_KINDS = Object.keys(RULES) as PromotionRuleKind[];

/** A promotion rule as stored and sent: `{ kind, ...args }`. Unknown fields are refused. */
export const promotionRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('threshold_off'), ...thresholdOffArgsSchema.shape }),
  z.strictObject({ kind: z.literal('percent_off'), ...percentOffArgsSchema.shape }),
  z.strictObject({ kind: z.literal('fixed_off'), ...fixedOffArgsSchema.shape }),
  z.strictObject({ kind: z.literal('new_customer'), ...newCustomerArgsSchema.shape }),
  z.strictObject({ kind: z.literal('free_shipping'), ...freeShippingArgsSchema.shape }),
  z.strictObject({ kind: z.literal('flash_price'), ...flashPriceArgsSchema.shape }),
  z.strictObject({ kind: z.literal('tier_discount'), ...tierDiscountArgsSchema.shape }),
]);
export type PromotionRule = { [K in PromotionRuleKind]: { kind: K } & PromotionRuleArgs[K] }[PromotionRuleKind];
/** The input form (defaults not yet filled in), e.g. for request bodies built by a client. */
export type PromotionRuleInput = z.input<typeof promotionRuleSchema>;

/** Whether a rule applies to a context (dispatches to its definition). */
export function checkRule<K extends PromotionRuleKind>(rule: { kind: K } & PromotionRuleArgs[K], ctx: PromotionContext): Applicability {
  const definition: RuleDefinition<K, PromotionRuleArgs[K]> = RULES[rule.kind];
  return definition.isApplicable(rule, ctx);
}

/** What a rule takes off in a context; call it only when checkRule said ok. */
export function applyRule<K extends PromotionRuleKind>(rule: { kind: K } & PromotionRuleArgs[K], ctx: PromotionContext): RuleApplication {
  const definition: RuleDefinition<K, PromotionRuleArgs[K]> = RULES[rule.kind];
  return definition.apply(rule, ctx);
}

/** Whether a rule discounts goods lines or the shipping fee. */
export function ruleTarget(rule: PromotionRule): RuleApplication['target'] {
  return RULES[rule.kind].target;
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// Compile-time guard: the schema's output and PromotionRule stay the same type.
true satisfies Same<z.output<typeof promotionRuleSchema>, PromotionRule>;
