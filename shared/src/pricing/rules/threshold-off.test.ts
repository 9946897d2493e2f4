import type { PromotionRuleInput } from './registry';
import { buildPromotionContext, outcomeOf } from './rule-factories';
import type { NotApplicableReason, PromotionContext } from './types';

const tiers = (...pairs: [number, number][]): PromotionRuleInput => ({
  kind: 'threshold_off',
  tiers: pairs.map(([thresholdFen, offFen]) => ({ thresholdFen, offFen })),
});
const twoTiers = tiers([9900, 1000], [19900, 5000]);
const short = (thresholdFen: number, shortFen: number) => ({ code: 'PROMOTION_THRESHOLD_NOT_MET', thresholdFen, shortFen });

describe('threshold_off (满减)', () => {
  it.each<[string, PromotionRuleInput, PromotionContext, number[] | NotApplicableReason]>([
    ['applies the first tier exactly at its threshold', twoTiers, buildPromotionContext([9900]), [1000]],
    [
      'does not apply 1 fen below the first threshold and says how much is missing',
      twoTiers,
      buildPromotionContext([9899]),
      short(9900, 1) as NotApplicableReason,
    ],
    ['keeps the first tier 1 fen below the second', twoTiers, buildPromotionContext([19899]), [1000]],
    ['applies the second tier exactly at its threshold', twoTiers, buildPromotionContext([19900]), [5000]],
    ['applies the highest of three tiers met', tiers([5000, 500], [10000, 1500], [20000, 4000]), buildPromotionContext([30000]), [4000]],
    ['measures the remaining value of all eligible lines together', twoTiers, buildPromotionContext([5000, 4899]), short(9900, 1) as NotApplicableReason],
    ['splits by remaining value, leftover fen to the largest remainders', twoTiers, buildPromotionContext([9800, 5500, 4900]), [2426, 1361, 1213]],
    ['never gives a line more than it has left', twoTiers, buildPromotionContext([1, 9899]), [0, 1000]],
    ['gives a line with nothing left nothing', twoTiers, buildPromotionContext([0, 9900]), [0, 1000]],
    ['is not in scope without eligible lines', twoTiers, buildPromotionContext([]), { code: 'PROMOTION_NOT_IN_SCOPE' }],
  ])('%s', (_name, rule, ctx, expected) => {
    expect(outcomeOf(rule, ctx)).toEqual(expected);
  });
});
