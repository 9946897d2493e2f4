import type { PromotionRuleInput } from './registry';
import { buildPromotionContext, memberOf, outcomeOf } from './rule-factories';
import type { NotApplicableReason, PromotionContext } from './types';

const tierRule: PromotionRuleInput = { kind: 'tier_discount', tiers: { gold: 1000, diamond: 2000 } };
const gold = { member: memberOf('gold') };

describe('tier_discount (会员折扣)', () => {
  it.each<[string, PromotionRuleInput, PromotionContext, number[] | NotApplicableReason]>([
    ['takes the member’s tier rate off every line', tierRule, buildPromotionContext([5000, 3000], gold), [500, 300]],
    ['uses the member’s own tier', tierRule, buildPromotionContext([5000], { member: memberOf('diamond') }), [1000]],
    ['rounds down on each line', tierRule, buildPromotionContext([999, 19], gold), [99, 1]],
    ['has nothing to discount when every line rounds to 0', tierRule, buildPromotionContext([9, 9], gold), { code: 'PROMOTION_NOTHING_TO_DISCOUNT' }],
    ['is not for tiers it does not list', tierRule, buildPromotionContext([5000], { member: memberOf('silver') }), { code: 'PROMOTION_TIER_NOT_ELIGIBLE' }],
    ['is not for guests', tierRule, buildPromotionContext([5000]), { code: 'PROMOTION_TIER_NOT_ELIGIBLE' }],
    ['is not in scope without eligible lines', tierRule, buildPromotionContext([], gold), { code: 'PROMOTION_NOT_IN_SCOPE' }],
  ])('%s', (_name, rule, ctx, expected) => {
    expect(outcomeOf(rule, ctx)).toEqual(expected);
  });
});
