import fc from 'fast-check';
import type { Fen } from '../money';
import { TIER_CODES } from '../members/tiers';
import { recommendPlan, solvePlan, type CheckoutPlan, type PlanParams, type PlanPick } from './plan';
import { buildQuoteLine, buildSkuPrices } from './quote-factories';
import type { PromotionCandidateInput } from './rules/candidate';
import type { PromotionRuleInput } from './rules/registry';
import type { PromotionScope } from './rules/scope';
import { DEFAULT_STACKING_MATRIX, STACKING_PAIR_KEYS, type StackingGroup, type StackingMatrix } from './rules/stacking';
import type { PromotionQuoteInput } from './solver';

// Checkout as the shopper sees it: a cart, their coupons and shipping coupons, the store's automatic
// promotions, maybe a typed live code. Whatever they picked, the plan the page labels 最优 (the
// recommendation, or the current choice when there is none) is one tap away and nothing they can reach pays less.

const fenArb = (min: number, max: number) => fc.integer({ min, max });

const cartArb: fc.Arbitrary<PromotionQuoteInput> = fc.integer({ min: 1, max: 4 }).chain((lineCount) =>
  fc.record({
    lines: fc.tuple(
      ...Array.from({ length: lineCount }, (_v, index) =>
        fc
          .record({
            quantity: fc.integer({ min: 1, max: 3 }),
            productId: fc.integer({ min: 10, max: 12 }),
            categoryId: fc.integer({ min: 1, max: 2 }),
            price: fenArb(0, 20_000),
          })
          .map(({ quantity, productId, categoryId, price }) =>
            buildQuoteLine({ lineId: `L${String(index + 1)}`, quantity, productId, categoryId, sku: buildSkuPrices(price) }),
          ),
      ),
    ),
    member: fc.option(fc.record({ tierCode: fc.constantFrom(...TIER_CODES), isNewCustomer: fc.boolean() }), { nil: null }),
    shipping: fc.record({
      baseFeeFen: fenArb(0, 1500).map((n) => n as Fen),
      freeThresholdFen: fc.option(
        fenArb(0, 60_000).map((n) => n as Fen),
        { nil: null },
      ),
    }),
  }),
);

const goodsRuleArb: fc.Arbitrary<PromotionRuleInput> = fc.oneof(
  fc
    .tuple(fenArb(2, 30_000), fenArb(1, 10_000))
    .map(([threshold, off]): PromotionRuleInput => ({ kind: 'threshold_off', tiers: [{ thresholdFen: threshold, offFen: Math.min(off, threshold - 1) }] })),
  fc
    .record({ offBp: fc.integer({ min: 1, max: 9999 }), capFen: fc.option(fenArb(1, 5000), { nil: null }), thresholdFen: fenArb(0, 20_000) })
    .map((args): PromotionRuleInput => ({ kind: 'percent_off', ...args })),
  fenArb(1, 5000).map((offFen): PromotionRuleInput => ({ kind: 'fixed_off', offFen })),
  fc.record({ offFen: fenArb(1, 5000), thresholdFen: fenArb(0, 20_000) }).map((args): PromotionRuleInput => ({ kind: 'new_customer', ...args })),
);
const shippingRuleArb: fc.Arbitrary<PromotionRuleInput> = fenArb(0, 30_000).map((thresholdFen) => ({ kind: 'free_shipping', thresholdFen }));
const flashRuleArb: fc.Arbitrary<PromotionRuleInput> = fc
  .record({ skuId: fc.integer({ min: 101, max: 104 }), priceFen: fenArb(0, 15_000), maxQuantity: fc.integer({ min: 1, max: 3 }) })
  .map((args): PromotionRuleInput => ({ kind: 'flash_price', ...args }));

const scopeArb: fc.Arbitrary<PromotionScope> = fc.oneof(
  fc.constant({ kind: 'all' as const }),
  fc.uniqueArray(fc.integer({ min: 10, max: 12 }), { minLength: 1, maxLength: 2 }).map((productIds) => ({ kind: 'products' as const, productIds })),
  fc.uniqueArray(fc.integer({ min: 1, max: 2 }), { minLength: 1, maxLength: 2 }).map((categoryIds) => ({ kind: 'categories' as const, categoryIds })),
);

const candidatesOf = (prefix: string, group: StackingGroup, ruleArb: fc.Arbitrary<PromotionRuleInput>, maxLength: number) =>
  fc.array(fc.record({ rule: ruleArb, scope: scopeArb, rank: fc.integer({ min: 0, max: 3 }) }), { maxLength }).map((drafts) =>
    drafts.map(({ rule, scope, rank }, index): PromotionCandidateInput => ({
      id: `${prefix}${String(index + 1)}`,
      group,
      kind: group === 'promo_code' ? 'promo_code' : group === 'flash_sale' ? 'flash_sale' : group === 'store_promotion' ? 'promotion' : 'coupon',
      label: `${prefix}${String(index + 1)}`,
      rule,
      scope,
      rank,
    })),
  );

/** Mostly the default matrix (a live code does not stack with coupons), sometimes any. */
const matrixArb: fc.Arbitrary<StackingMatrix> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(DEFAULT_STACKING_MATRIX) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(...STACKING_PAIR_KEYS.map(() => fc.boolean()))
      .map((values) => ({ pairs: Object.fromEntries(STACKING_PAIR_KEYS.map((key, index) => [key, values[index] ?? true])) })),
  },
);

const checkoutArb = fc
  .record({
    input: cartArb,
    coupons: candidatesOf('coupon:', 'coupon', fc.oneof(goodsRuleArb, shippingRuleArb), 4),
    shippingCoupons: candidatesOf('ship:', 'shipping_coupon', fc.oneof(shippingRuleArb, goodsRuleArb), 3),
    automatic: fc.tuple(candidatesOf('flash:', 'flash_sale', flashRuleArb, 2), candidatesOf('store:', 'store_promotion', goodsRuleArb, 2)),
    code: candidatesOf('promo:', 'promo_code', fc.oneof(goodsRuleArb, shippingRuleArb), 1),
    matrix: matrixArb,
  })
  .chain((drawn) => {
    const pick = (ids: string[]) => fc.constantFrom<PlanPick>('auto', null, ...ids);
    const codeId = drawn.code[0]?.id ?? null;
    return fc
      .record({
        coupon: pick(drawn.coupons.map((candidate) => candidate.id)),
        shipping_coupon: pick(drawn.shippingCoupons.map((candidate) => candidate.id)),
      })
      .map((picks) => ({ ...drawn, current: { ...picks, promoCodeId: codeId } satisfies CheckoutPlan }));
  });

type Checkout = typeof checkoutArb extends fc.Arbitrary<infer T> ? T : never;

function paramsOf(checkout: Checkout): PlanParams {
  return {
    input: checkout.input,
    candidates: [...checkout.automatic.flat(), ...checkout.coupons, ...checkout.shippingCoupons, ...checkout.code],
    matrix: checkout.matrix,
  };
}

/** Every plan the shopper can reach from the checkout page: each coupon pick × each shipping pick × code kept or removed. */
function reachablePlans(checkout: Checkout): CheckoutPlan[] {
  const picks = (ids: string[]): PlanPick[] => ['auto', null, ...ids];
  const codes = checkout.current.promoCodeId === null ? [null] : [checkout.current.promoCodeId, null];
  return picks(checkout.coupons.map((candidate) => candidate.id)).flatMap((coupon) =>
    picks(checkout.shippingCoupons.map((candidate) => candidate.id)).flatMap((shipping) =>
      codes.map((promoCodeId): CheckoutPlan => ({ coupon, shipping_coupon: shipping, promoCodeId })),
    ),
  );
}

describe('checkout plans (solver + quote)', () => {
  it('labels as best a plan one tap away that pays what it says, and no reachable plan pays less', () => {
    fc.assert(
      fc.property(checkoutArb, (checkout) => {
        const params = paramsOf(checkout);
        const solution = solvePlan(params, checkout.current);
        const recommended = recommendPlan(params, { plan: checkout.current, solution });
        const best = recommended ?? { plan: checkout.current, payableFen: solution.quote.payableTotalFen };
        if (recommended) {
          // One tap: both coupons back to the best, the code kept or removed — nothing else to set.
          expect(recommended.plan).toMatchObject({ coupon: 'auto', shipping_coupon: 'auto' });
          expect([checkout.current.promoCodeId, null]).toContain(recommended.plan.promoCodeId);
          expect(recommended.payableFen).toBeLessThan(solution.quote.payableTotalFen);
        }
        // Taking the labelled plan prices it exactly as labelled.
        expect(solvePlan(params, best.plan).quote.payableTotalFen).toBe(best.payableFen);
        for (const plan of reachablePlans(checkout)) {
          expect(solvePlan(params, plan).quote.payableTotalFen).toBeGreaterThanOrEqual(best.payableFen);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never recommends switching when the current choice already pays the least', () => {
    fc.assert(
      fc.property(checkoutArb, (checkout) => {
        const params = paramsOf(checkout);
        const solution = solvePlan(params, checkout.current);
        const cheapest = Math.min(...reachablePlans(checkout).map((plan) => solvePlan(params, plan).quote.payableTotalFen));
        const recommended = recommendPlan(params, { plan: checkout.current, solution });
        expect(recommended === null).toBe(solution.quote.payableTotalFen === cheapest);
      }),
      { numRuns: 200 },
    );
  });
});
