import { subFen, toFen, type Fen } from '../../money';
import { BP_SCALE, takeBp } from './basis-points';
import type { PromotionRule } from './registry';
import { isInScope, type PromotionScope } from './scope';

/** A SKU as the maker-checker assessment needs it. */
export interface AssessedSku {
  skuId: number;
  productId: number;
  categoryId: number;
  privatePriceFen: Fen;
  costPriceFen: Fen;
}

export interface PromotionAssessment {
  /** How deep the promotion can cut, in basis points off (0 … 10000). */
  depthBp: number;
  /** In-scope SKUs the promotion would push below cost. */
  belowCost: { skuId: number; priceAfterFen: Fen; costPriceFen: Fen }[];
  needsApproval: boolean;
}

/** ⌊part × 10000 / whole⌋, at most 10000 (a whole of 0 counts as the full depth). */
function ratioBp(part: Fen, whole: Fen): number {
  if (whole <= 0) return BP_SCALE;
  return Math.min(BP_SCALE, Math.floor((part * BP_SCALE) / whole));
}

/**
 * The deepest cut a rule makes: the rate for 折扣 and 会员折扣; amount over threshold for 满减 (the
 * deepest tier) and thresholded fixed amounts; a fixed amount without threshold over the cheapest
 * in-scope SKU (the full depth when the scope has no SKU: nothing to compare with, so assume the worst).
 */
function depthOf(rule: PromotionRule, skus: readonly AssessedSku[]): number {
  switch (rule.kind) {
    case 'percent_off':
      return rule.offBp;
    case 'threshold_off':
      return Math.max(...rule.tiers.map((tier) => ratioBp(tier.offFen, tier.thresholdFen)));
    case 'fixed_off':
    case 'new_customer': {
      const threshold = rule.kind === 'new_customer' ? rule.thresholdFen : toFen(0);
      if (threshold > 0) return ratioBp(rule.offFen, threshold);
      if (skus.length === 0) return BP_SCALE;
      return ratioBp(rule.offFen, toFen(Math.min(...skus.map((sku) => sku.privatePriceFen))));
    }
    case 'flash_price': {
      const sku = skus.find((candidate) => candidate.skuId === rule.skuId);
      if (!sku || sku.privatePriceFen === 0) return 0;
      // Rounded towards the deeper cut, so a flash price just past the limit is not waved through.
      return Math.max(0, BP_SCALE - Math.floor((rule.priceFen * BP_SCALE) / sku.privatePriceFen));
    }
    case 'tier_discount':
      return Math.max(...Object.values(rule.tiers));
    case 'free_shipping':
      return 0;
  }
}

/**
 * Maker-checker assessment of a promotion on its scope: its depth, and the SKUs whose price after it
 * (private price − ⌊private × depth / 10000⌋, or the flash price) would be below cost. Only SKUs the
 * promotion actually lowers count: a SKU already priced below cost is the price guard's business.
 * Needs approval when deeper than `maxDepthBp` or when any SKU would go below cost.
 */
export function assessPromotion(rule: PromotionRule, scope: PromotionScope, skus: readonly AssessedSku[], maxDepthBp: number): PromotionAssessment {
  const inScope = skus.filter((sku) => (rule.kind === 'flash_price' ? sku.skuId === rule.skuId : isInScope(scope, sku)));
  const depthBp = depthOf(rule, inScope);
  const belowCost: PromotionAssessment['belowCost'] = [];
  for (const sku of inScope) {
    const priceAfterFen = rule.kind === 'flash_price' ? rule.priceFen : subFen(sku.privatePriceFen, takeBp(sku.privatePriceFen, depthBp));
    if (priceAfterFen < sku.costPriceFen && priceAfterFen < sku.privatePriceFen)
      belowCost.push({ skuId: sku.skuId, priceAfterFen, costPriceFen: sku.costPriceFen });
  }
  return { depthBp, belowCost, needsApproval: depthBp > maxDepthBp || belowCost.length > 0 };
}
