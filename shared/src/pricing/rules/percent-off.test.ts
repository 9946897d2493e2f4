import type { PromotionRuleInput } from './registry';
import { buildPromotionContext, outcomeOf } from './rule-factories';
import type { NotApplicableReason, PromotionContext } from './types';

const percent = (offBp: number, capFen: number | null = null, thresholdFen = 0): PromotionRuleInput => ({ kind: 'percent_off', offBp, capFen, thresholdFen });

describe('percent_off (折扣)', () => {
  it.each<[string, PromotionRuleInput, PromotionContext, number[] | NotApplicableReason]>([
    ['takes 15 % off (8.5折)', percent(1500), buildPromotionContext([10000]), [1500]],
    ['rounds down: ⌊999 × 15 %⌋ = 149, never 150', percent(1500), buildPromotionContext([999]), [149]],
    ['rounds the total once, then splits it exactly', percent(1000), buildPromotionContext([333, 333, 334]), [33, 33, 34]],
    ['takes 1 bp off ¥100 as 1 fen', percent(1), buildPromotionContext([10000]), [1]],
    ['has nothing to discount when the rate rounds to 0', percent(1500), buildPromotionContext([6]), { code: 'PROMOTION_NOTHING_TO_DISCOUNT' }],
    ['stops at the cap', percent(1500, 2000), buildPromotionContext([100000]), [2000]],
    ['is below the cap 1 fen under it', percent(1500, 1500), buildPromotionContext([9999]), [1499]],
    ['splits a capped amount by value', percent(5000, 1000), buildPromotionContext([3000, 1000]), [750, 250]],
    ['applies exactly at the threshold', percent(1000, null, 10000), buildPromotionContext([10000]), [1000]],
    [
      'does not apply 1 fen below the threshold',
      percent(1000, null, 10000),
      buildPromotionContext([9999]),
      { code: 'PROMOTION_THRESHOLD_NOT_MET', thresholdFen: 10000, shortFen: 1 } as NotApplicableReason,
    ],
    ['takes 99.99 % off', percent(9999), buildPromotionContext([10000]), [9999]],
    ['is not in scope without eligible lines', percent(1500), buildPromotionContext([]), { code: 'PROMOTION_NOT_IN_SCOPE' }],
  ])('%s', (_name, rule, ctx, expected) => {
    expect(outcomeOf(rule, ctx)).toEqual(expected);
  });
});
