import type { PromotionRuleInput } from './registry';
import { buildPromotionContext, outcomeOf } from './rule-factories';
import type { NotApplicableReason, PromotionContext } from './types';

const fixed = (offFen: number): PromotionRuleInput => ({ kind: 'fixed_off', offFen });

describe('fixed_off (无门槛减)', () => {
  it.each<[string, PromotionRuleInput, PromotionContext, number[] | NotApplicableReason]>([
    ['takes the amount off', fixed(500), buildPromotionContext([5000]), [500]],
    ['takes off at most what is left', fixed(500), buildPromotionContext([300]), [300]],
    ['takes exactly what is left when equal', fixed(500), buildPromotionContext([500]), [500]],
    ['splits by value', fixed(500), buildPromotionContext([1000, 3000]), [125, 375]],
    ['gives 1 fen over three equal lines to the first', fixed(1), buildPromotionContext([100, 100, 100]), [1, 0, 0]],
    ['has nothing to discount on free lines', fixed(500), buildPromotionContext([0, 0]), { code: 'PROMOTION_NOTHING_TO_DISCOUNT' }],
    ['is not in scope without eligible lines', fixed(500), buildPromotionContext([]), { code: 'PROMOTION_NOT_IN_SCOPE' }],
  ])('%s', (_name, rule, ctx, expected) => {
    expect(outcomeOf(rule, ctx)).toEqual(expected);
  });
});
