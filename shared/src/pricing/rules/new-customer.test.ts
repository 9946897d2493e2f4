import type { PromotionRuleInput } from './registry';
import { buildPromotionContext, memberOf, outcomeOf } from './rule-factories';
import type { NotApplicableReason, PromotionContext } from './types';

const newCustomer = (offFen: number, thresholdFen?: number): PromotionRuleInput => ({
  kind: 'new_customer',
  offFen,
  ...(thresholdFen === undefined ? {} : { thresholdFen }),
});
const newMember = { member: memberOf('bronze', true) };

describe('new_customer (新人首单)', () => {
  it.each<[string, PromotionRuleInput, PromotionContext, number[] | NotApplicableReason]>([
    ['takes the amount off a new customer’s order', newCustomer(1000), buildPromotionContext([5000], newMember), [1000]],
    [
      'is for new customers only',
      newCustomer(1000),
      buildPromotionContext([5000], { member: memberOf('gold', false) }),
      { code: 'PROMOTION_NEW_CUSTOMERS_ONLY' },
    ],
    ['is not for guests', newCustomer(1000), buildPromotionContext([5000]), { code: 'PROMOTION_NEW_CUSTOMERS_ONLY' }],
    ['says "new customers only" before "not in scope"', newCustomer(1000), buildPromotionContext([]), { code: 'PROMOTION_NEW_CUSTOMERS_ONLY' }],
    ['is not in scope for a new customer without eligible lines', newCustomer(1000), buildPromotionContext([], newMember), { code: 'PROMOTION_NOT_IN_SCOPE' }],
    ['applies exactly at the threshold', newCustomer(1000, 5900), buildPromotionContext([5900], newMember), [1000]],
    [
      'does not apply 1 fen below the threshold',
      newCustomer(1000, 5900),
      buildPromotionContext([5899], newMember),
      { code: 'PROMOTION_THRESHOLD_NOT_MET', thresholdFen: 5900, shortFen: 1 } as NotApplicableReason,
    ],
    ['takes off at most what is left', newCustomer(1000), buildPromotionContext([600, 200], newMember), [600, 200]],
    ['has nothing to discount on free lines', newCustomer(1000), buildPromotionContext([0], newMember), { code: 'PROMOTION_NOTHING_TO_DISCOUNT' }],
  ])('%s', (_name, rule, ctx, expected) => {
    expect(outcomeOf(rule, ctx)).toEqual(expected);
  });
});
