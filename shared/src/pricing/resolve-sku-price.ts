import type { Fen } from '../money';
import type { TierCode } from '../members/tiers';

/** The prices of a SKU that decide what a member pays. */
export interface SkuPrices {
  publicPriceFen: Fen;
  privatePriceFen: Fen;
  /** Optional price per tier code (会员价). */
  tierPrices?: Partial<Record<TierCode, Fen>>;
}

/** Who is buying: a member with a tier, or null for a guest. */
export type PricingMember = { tierCode: TierCode } | null;

export interface ResolvedSkuPrice {
  /** What the member pays for one unit. */
  unitPriceFen: Fen;
  /** `private` = 私域专享价, `tier` = the member's tier price won. */
  source: 'private' | 'tier';
  tierCode: TierCode | null;
  publicPriceFen: Fen;
  /** Public reference price − unit price, never negative. */
  savingFen: Fen;
}

/**
 * The price a member pays for one unit of a SKU: the private price, or the price of the member's
 * tier when the SKU has one and it is strictly lower. Guests pay the private price. The saving is
 * measured against the public reference price and is 0 when the private price is not lower.
 */
export function resolveSkuPrice(sku: SkuPrices, member: PricingMember): ResolvedSkuPrice {
  const tierPrice = member ? sku.tierPrices?.[member.tierCode] : undefined;
  const isTierLower = tierPrice !== undefined && tierPrice < sku.privatePriceFen;
  const unitPriceFen = isTierLower ? tierPrice : sku.privatePriceFen;
  const saving = sku.publicPriceFen - unitPriceFen;
  return {
    unitPriceFen,
    source: isTierLower ? 'tier' : 'private',
    tierCode: isTierLower && member ? member.tierCode : null,
    publicPriceFen: sku.publicPriceFen,
    savingFen: (saving > 0 ? saving : 0) as Fen,
  };
}

/** SKUs whose private or tier price is below cost, with the margin of each offending price. */
export interface BelowCostPrice {
  skuId: number;
  priceKind: 'private' | TierCode;
  priceFen: Fen;
  costPriceFen: Fen;
  /** price − cost (negative). */
  marginFen: Fen;
}

/** Lists every private or tier price below the SKU's cost price (the below-cost guard's input). */
export function findBelowCostPrices(skus: readonly (SkuPrices & { id: number; costPriceFen: Fen })[]): BelowCostPrice[] {
  const found: BelowCostPrice[] = [];
  for (const sku of skus) {
    const prices: [BelowCostPrice['priceKind'], Fen][] = [['private', sku.privatePriceFen]];
    for (const [tier, price] of Object.entries(sku.tierPrices ?? {})) {
      if (price !== undefined) prices.push([tier as TierCode, price]);
    }
    for (const [priceKind, priceFen] of prices) {
      if (priceFen < sku.costPriceFen) {
        found.push({ skuId: sku.id, priceKind, priceFen, costPriceFen: sku.costPriceFen, marginFen: (priceFen - sku.costPriceFen) as Fen });
      }
    }
  }
  return found;
}
