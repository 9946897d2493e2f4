import type { Fen } from '../../money';
import type { PromotionRuleInput } from './registry';
import { buildPromotionContext, outcomeOf } from './rule-factories';
import type { NotApplicableReason, PromotionContext } from './types';

const freeShipping = (thresholdFen?: number): PromotionRuleInput => ({ kind: 'free_shipping', ...(thresholdFen === undefined ? {} : { thresholdFen }) });
const noFee = { shippingFeeFen: 0 as Fen };

describe('free_shipping (包邮)', () => {
  it.each<[string, PromotionRuleInput, PromotionContext, number[] | NotApplicableReason]>([
    ['takes the whole fee off', freeShipping(), buildPromotionContext([100]), [800]],
    ['takes whatever fee is left', freeShipping(), buildPromotionContext([100], { shippingFeeFen: 300 as Fen }), [300]],
    ['applies exactly at the threshold', freeShipping(5900), buildPromotionContext([3000, 2900]), [800]],
    [
      'does not apply 1 fen below the threshold',
      freeShipping(5900),
      buildPromotionContext([3000, 2899]),
      { code: 'PROMOTION_THRESHOLD_NOT_MET', thresholdFen: 5900, shortFen: 1 } as NotApplicableReason,
    ],
    ['has nothing to do when shipping is already free', freeShipping(), buildPromotionContext([100], noFee), { code: 'PROMOTION_NO_SHIPPING_FEE' }],
    ['says "already free" rather than "add more"', freeShipping(5900), buildPromotionContext([100], noFee), { code: 'PROMOTION_NO_SHIPPING_FEE' }],
    ['is not in scope without eligible lines', freeShipping(), buildPromotionContext([]), { code: 'PROMOTION_NOT_IN_SCOPE' }],
  ])('%s', (_name, rule, ctx, expected) => {
    expect(outcomeOf(rule, ctx)).toEqual(expected);
  });
});
