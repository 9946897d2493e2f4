import { DEFAULT_STACKING_MATRIX, STACKING_GROUPS, STACKING_PAIR_KEYS, isCombinable, stackingMatrixSchema, type StackingGroup } from './stacking';

describe('stacking matrix', () => {
  it('has one key per unordered pair of distinct groups', () => {
    expect(STACKING_PAIR_KEYS).toHaveLength(15);
    expect(Object.keys(DEFAULT_STACKING_MATRIX.pairs).sort()).toEqual([...STACKING_PAIR_KEYS].sort());
  });

  it.each<[StackingGroup, StackingGroup, boolean]>([
    ['flash_sale', 'member_discount', false],
    ['flash_sale', 'coupon', false],
    ['flash_sale', 'promo_code', false],
    ['promo_code', 'coupon', false],
    ['flash_sale', 'store_promotion', true],
    ['flash_sale', 'shipping_coupon', true],
    ['member_discount', 'coupon', true],
    ['store_promotion', 'coupon', true],
    ['coupon', 'shipping_coupon', true],
    ['coupon', 'coupon', false],
  ])('by default %s with %s: %s', (a, b, expected) => {
    expect(isCombinable(DEFAULT_STACKING_MATRIX, a, b)).toBe(expected);
    expect(isCombinable(DEFAULT_STACKING_MATRIX, b, a)).toBe(expected);
  });

  it('is symmetric for every pair', () => {
    const matrix = stackingMatrixSchema.parse({ pairs: { 'coupon|store_promotion': false } });
    for (const a of STACKING_GROUPS) for (const b of STACKING_GROUPS) expect(isCombinable(matrix, a, b)).toBe(isCombinable(matrix, b, a));
    expect(isCombinable(matrix, 'store_promotion', 'coupon')).toBe(false);
  });

  it('parses keys in either order and fills missing pairs with the defaults', () => {
    const matrix = stackingMatrixSchema.parse({ pairs: { 'flash_sale|coupon': true } });
    expect(matrix.pairs['coupon|flash_sale']).toBe(true);
    expect(matrix.pairs['flash_sale|coupon']).toBeUndefined();
    expect(matrix.pairs['coupon|promo_code']).toBe(false);
    expect(Object.keys(matrix.pairs)).toHaveLength(15);
  });

  it.each<[string, unknown]>([
    ['an unknown group', { pairs: { 'coupon|gift_card': true } }],
    ['a group with itself', { pairs: { 'coupon|coupon': true } }],
    ['three groups', { pairs: { 'coupon|flash_sale|promo_code': true } }],
    ['a pair given twice with different values', { pairs: { 'coupon|flash_sale': true, 'flash_sale|coupon': false } }],
    ['a value that is not a boolean', { pairs: { 'coupon|flash_sale': 'yes' } }],
    ['an unknown field', { pairs: {}, extra: 1 }],
  ])('refuses %s', (_name, input) => {
    expect(stackingMatrixSchema.safeParse(input).success).toBe(false);
  });
});
