import { promotionRuleSchema } from './registry';
import { isInScope, promotionScopeSchema } from './scope';

const accepts = (input: unknown) => promotionRuleSchema.safeParse(input).success;

describe('promotionRuleSchema', () => {
  it.each<[string, unknown]>([
    ['a one-tier 满减', { kind: 'threshold_off', tiers: [{ thresholdFen: 9900, offFen: 1000 }] }],
    ['five increasing tiers', { kind: 'threshold_off', tiers: [1, 2, 3, 4, 5].map((n) => ({ thresholdFen: n * 10000, offFen: n * 1000 })) }],
    ['a 折扣 with a cap and a threshold', { kind: 'percent_off', offBp: 1500, capFen: 2000, thresholdFen: 10000 }],
    ['a 折扣 at the rate limits', { kind: 'percent_off', offBp: 9999, capFen: null }],
    ['a fixed amount', { kind: 'fixed_off', offFen: 1 }],
    ['a new-customer amount', { kind: 'new_customer', offFen: 1000 }],
    ['free shipping', { kind: 'free_shipping' }],
    ['a flash price of 0', { kind: 'flash_price', skuId: 7, priceFen: 0, maxQuantity: 1 }],
    ['a tier discount for one tier', { kind: 'tier_discount', tiers: { gold: 500 } }],
  ])('accepts %s', (_name, input) => {
    expect(accepts(input)).toBe(true);
  });

  it.each<[string, unknown]>([
    ['an unknown kind', { kind: 'buy_one_get_one' }],
    ['no tiers', { kind: 'threshold_off', tiers: [] }],
    ['six tiers', { kind: 'threshold_off', tiers: [1, 2, 3, 4, 5, 6].map((n) => ({ thresholdFen: n * 10000, offFen: n * 1000 })) }],
    [
      'thresholds not increasing',
      {
        kind: 'threshold_off',
        tiers: [
          { thresholdFen: 9900, offFen: 1000 },
          { thresholdFen: 9900, offFen: 2000 },
        ],
      },
    ],
    [
      'amounts not increasing',
      {
        kind: 'threshold_off',
        tiers: [
          { thresholdFen: 9900, offFen: 1000 },
          { thresholdFen: 19900, offFen: 1000 },
        ],
      },
    ],
    ['an amount equal to its threshold', { kind: 'threshold_off', tiers: [{ thresholdFen: 1000, offFen: 1000 }] }],
    ['a zero amount', { kind: 'threshold_off', tiers: [{ thresholdFen: 1000, offFen: 0 }] }],
    ['a fractional amount', { kind: 'fixed_off', offFen: 99.5 }],
    ['a zero fixed amount', { kind: 'fixed_off', offFen: 0 }],
    ['0 bp', { kind: 'percent_off', offBp: 0, capFen: null }],
    ['10000 bp', { kind: 'percent_off', offBp: 10000, capFen: null }],
    ['a fractional rate', { kind: 'percent_off', offBp: 1500.5, capFen: null }],
    ['a zero cap', { kind: 'percent_off', offBp: 1500, capFen: 0 }],
    ['a negative threshold', { kind: 'new_customer', offFen: 100, thresholdFen: -1 }],
    ['a zero flash quantity', { kind: 'flash_price', skuId: 7, priceFen: 100, maxQuantity: 0 }],
    ['a tier discount for no tier', { kind: 'tier_discount', tiers: {} }],
    ['a tier discount for an unknown tier', { kind: 'tier_discount', tiers: { vip: 500 } }],
    ['an unknown field', { kind: 'fixed_off', offFen: 100, extra: true }],
  ])('refuses %s', (_name, input) => {
    expect(accepts(input)).toBe(false);
  });

  it('fills in the defaults', () => {
    expect(promotionRuleSchema.parse({ kind: 'percent_off', offBp: 1500 })).toEqual({ kind: 'percent_off', offBp: 1500, capFen: null, thresholdFen: 0 });
    expect(promotionRuleSchema.parse({ kind: 'free_shipping' })).toEqual({ kind: 'free_shipping', thresholdFen: 0 });
  });
});

describe('promotionScopeSchema', () => {
  it.each<[unknown, boolean]>([
    [{ kind: 'all' }, true],
    [{ kind: 'products', productIds: [1, 2] }, true],
    [{ kind: 'categories', categoryIds: [3] }, true],
    [{ kind: 'products', productIds: [] }, false],
    [{ kind: 'products', productIds: [1, 1] }, false],
    [{ kind: 'products', productIds: Array.from({ length: 501 }, (_v, index) => index + 1) }, false],
    [{ kind: 'categories', categoryIds: Array.from({ length: 101 }, (_v, index) => index + 1) }, false],
    [{ kind: 'categories', categoryIds: [0] }, false],
    [{ kind: 'skus', skuIds: [1] }, false],
  ])('%j → %s', (input, expected) => {
    expect(promotionScopeSchema.safeParse(input).success).toBe(expected);
  });

  it.each<[string, Parameters<typeof isInScope>[0], boolean]>([
    ['everything is in "all"', { kind: 'all' }, true],
    ['a listed product', { kind: 'products', productIds: [9, 10] }, true],
    ['an unlisted product', { kind: 'products', productIds: [9] }, false],
    ['a listed category', { kind: 'categories', categoryIds: [1] }, true],
    ['an unlisted category', { kind: 'categories', categoryIds: [2] }, false],
  ])('matches lines by product and category: %s', (_name, scope, expected) => {
    expect(isInScope(scope, { productId: 10, categoryId: 1 })).toBe(expected);
  });
});
