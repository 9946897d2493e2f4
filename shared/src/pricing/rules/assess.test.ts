import type { Fen } from '../../money';
import { assessPromotion, type AssessedSku } from './assess';
import { buildRule } from './rule-factories';
import type { PromotionRuleInput } from './registry';
import type { PromotionScope } from './scope';

const sku = (skuId: number, privatePriceFen: number, costPriceFen: number, productId = 10, categoryId = 1): AssessedSku => ({
  skuId,
  productId,
  categoryId,
  privatePriceFen: privatePriceFen as Fen,
  costPriceFen: costPriceFen as Fen,
});
const skus = [sku(1, 10000, 6000), sku(2, 2000, 1000, 11, 2), sku(3, 5000, 4800, 12, 2), sku(4, 3000, 0, 13, 3)];
const all: PromotionScope = { kind: 'all' };

describe('assessPromotion', () => {
  it.each<[string, PromotionRuleInput, PromotionScope, number, number[]]>([
    ['a 折扣 is as deep as its rate', { kind: 'percent_off', offBp: 1500 }, all, 1500, [3]],
    [
      '满减 takes its deepest tier',
      {
        kind: 'threshold_off',
        tiers: [
          { thresholdFen: 10000, offFen: 1000 },
          { thresholdFen: 20000, offFen: 5000 },
        ],
      },
      all,
      2500,
      [3],
    ],
    ['满减 rounds its depth down', { kind: 'threshold_off', tiers: [{ thresholdFen: 30000, offFen: 1000 }] }, all, 333, []],
    ['a fixed amount with a threshold is amount / threshold', { kind: 'new_customer', offFen: 1000, thresholdFen: 5000 }, all, 2000, [3]],
    ['a fixed amount without threshold is measured on the cheapest SKU', { kind: 'fixed_off', offFen: 500 }, all, 2500, [3]],
    ['…of the scope only', { kind: 'fixed_off', offFen: 500 }, { kind: 'products', productIds: [10] }, 500, []],
    ['…capped at 100 %', { kind: 'fixed_off', offFen: 50000 }, all, 10000, [1, 2, 3]],
    ['a flash price is measured on its SKU', { kind: 'flash_price', skuId: 1, priceFen: 5000, maxQuantity: 1 }, all, 5000, [1]],
    ['a flash price rounds its depth up (3336.7 → 3337)', { kind: 'flash_price', skuId: 4, priceFen: 1999, maxQuantity: 1 }, all, 3337, []],
    ['a tier discount takes its deepest tier', { kind: 'tier_discount', tiers: { gold: 500, diamond: 1200 } }, all, 1200, [3]],
    ['free shipping cuts no price', { kind: 'free_shipping' }, all, 0, []],
    ['a category scope only looks at its SKUs', { kind: 'percent_off', offBp: 4500 }, { kind: 'categories', categoryIds: [1] }, 4500, [1]],
  ])('%s', (_name, rule, scope, depthBp, belowCostSkuIds) => {
    const result = assessPromotion(buildRule(rule), scope, skus, 5000);
    expect(result.depthBp).toBe(depthBp);
    expect(result.belowCost.map((entry) => entry.skuId)).toEqual(belowCostSkuIds);
    expect(result.needsApproval).toBe(depthBp > 5000 || belowCostSkuIds.length > 0);
  });

  it('reports the price after the promotion and the cost', () => {
    expect(assessPromotion(buildRule({ kind: 'percent_off', offBp: 1500 }), all, skus, 5000).belowCost).toEqual([
      { skuId: 3, priceAfterFen: 4250, costPriceFen: 4800 },
    ]);
    expect(assessPromotion(buildRule({ kind: 'flash_price', skuId: 1, priceFen: 5000, maxQuantity: 1 }), all, skus, 5000).belowCost).toEqual([
      { skuId: 1, priceAfterFen: 5000, costPriceFen: 6000 },
    ]);
  });

  it.each<[number, number, boolean]>([
    [5000, 5000, false],
    [5001, 5000, true],
    [5000, 4999, true],
  ])('needs approval for depth %d against a maximum of %d: %s', (offBp, maxDepthBp, expected) => {
    const cheap = [sku(1, 10000, 0)];
    expect(assessPromotion(buildRule({ kind: 'percent_off', offBp }), all, cheap, maxDepthBp).needsApproval).toBe(expected);
  });

  it('needs approval below cost even when shallow', () => {
    const result = assessPromotion(buildRule({ kind: 'percent_off', offBp: 100 }), all, [sku(1, 10000, 9950)], 5000);
    expect(result).toEqual({ depthBp: 100, belowCost: [{ skuId: 1, priceAfterFen: 9900, costPriceFen: 9950 }], needsApproval: true });
  });

  it('assumes the full depth for a fixed amount when the scope has no SKU', () => {
    expect(assessPromotion(buildRule({ kind: 'fixed_off', offFen: 100 }), { kind: 'products', productIds: [99] }, skus, 5000)).toEqual({
      depthBp: 10000,
      belowCost: [],
      needsApproval: true,
    });
  });
});
