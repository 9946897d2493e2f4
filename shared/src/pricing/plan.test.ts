import type { Fen } from '../money';
import { recommendPlan, solvePlan, type CheckoutPlan, type PlanParams } from './plan';
import { buildQuoteLine, buildSkuPrices } from './quote-factories';
import type { PromotionCandidateInput } from './rules/candidate';
import { DEFAULT_STACKING_MATRIX } from './rules/stacking';

const candidate = (id: string, group: PromotionCandidateInput['group'], rule: PromotionCandidateInput['rule']): PromotionCandidateInput => ({
  id,
  group,
  kind: group === 'promo_code' ? 'promo_code' : 'coupon',
  label: id,
  rule,
  scope: { kind: 'all' },
  rank: 0,
});

// The case: ¥443 of goods, free shipping; the live code LIVE88 takes ¥38 off; the shopper holds
// 满400减70 and 无门槛减20, and the default matrix does not stack a live code with coupons.
const params: PlanParams = {
  input: {
    lines: [buildQuoteLine({ lineId: 'L1', quantity: 1, sku: buildSkuPrices(44_300) })],
    member: null,
    shipping: { baseFeeFen: 1000 as Fen, freeThresholdFen: 9900 as Fen },
  },
  candidates: [
    candidate('promo:LIVE88', 'promo_code', { kind: 'fixed_off', offFen: 3800 }),
    candidate('coupon:1', 'coupon', { kind: 'threshold_off', tiers: [{ thresholdFen: 40_000, offFen: 7000 }] }),
    candidate('coupon:2', 'coupon', { kind: 'fixed_off', offFen: 2000 }),
  ],
  matrix: DEFAULT_STACKING_MATRIX,
};
const typed: CheckoutPlan = { coupon: 'auto', shipping_coupon: 'auto', promoCodeId: 'promo:LIVE88' };

describe('recommendPlan', () => {
  it('recommends removing a live code that blocks a better coupon: ¥373 instead of ¥405', () => {
    const solution = solvePlan(params, typed);
    expect(solution.quote.payableTotalFen).toBe(40_500);
    expect(solution.decisions['coupon:1']).toMatchObject({ status: 'not_combinable', withGroup: 'promo_code' });
    const recommended = recommendPlan(params, { plan: typed, solution });
    expect(recommended).toMatchObject({ plan: { coupon: 'auto', shipping_coupon: 'auto', promoCodeId: null }, payableFen: 37_300 });
    expect(recommended?.solution.chosenIds).toEqual(['coupon:1']);
  });

  it('recommends going back to the best coupon while keeping a code that is part of the best', () => {
    // Here the merchant lets a live code stack with coupons, and LIVE88 takes ¥90 off.
    const generous: PlanParams = {
      ...params,
      matrix: { pairs: { ...DEFAULT_STACKING_MATRIX.pairs, 'coupon|promo_code': true } },
      candidates: params.candidates.map((entry) => (entry.id === 'promo:LIVE88' ? { ...entry, rule: { kind: 'fixed_off' as const, offFen: 9000 } } : entry)),
    };
    const noCoupon: CheckoutPlan = { ...typed, coupon: null };
    const solution = solvePlan(generous, noCoupon);
    expect(solution.quote.payableTotalFen).toBe(35_300);
    // ¥443 − ¥90 = ¥353 is under 满400, so the best coupon beside the code is 无门槛减20: ¥333, code kept.
    expect(recommendPlan(generous, { plan: noCoupon, solution })).toMatchObject({ plan: typed, payableFen: 33_300 });
    expect(recommendPlan(generous, { plan: typed, solution: solvePlan(generous, typed) })).toBeNull();
  });

  it('recommends nothing when the current plan is already the cheapest', () => {
    const plan: CheckoutPlan = { coupon: 'auto', shipping_coupon: 'auto', promoCodeId: null };
    expect(recommendPlan(params, { plan, solution: solvePlan(params, plan) })).toBeNull();
  });
});
