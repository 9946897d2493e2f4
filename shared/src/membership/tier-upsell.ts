/**
 * 升级省钱 (the product page's upsell): what the next tier would pay for each SKU of a product, when
 * its tier price is lower than what the member pays now. Pure; prices resolved by `resolveSkuPrice`,
 * the function the shop and checkout use, so the upsell never promises a price checkout would not give.
 */
import type { Fen } from '../money';
import { TIER_CODES, type TierCode } from '../members/tiers';
import { resolveSkuPrice, type SkuPrices } from '../pricing/resolve-sku-price';

export interface TierUpsellView {
  tierCode: TierCode;
  tierName: string;
  /** Growth still needed to reach it. */
  growthNeeded: number;
  /** Per SKU that would be cheaper: what the member pays now and what the next tier pays. */
  skus: { skuId: number; priceFen: Fen; nextPriceFen: Fen; savingFen: Fen }[];
  /** The largest saving of one unit among them. */
  maxSavingFen: Fen;
}

/** The tier after `tierCode`, or null at the top. */
export function nextTierCode(tierCode: TierCode): TierCode | null {
  return TIER_CODES[TIER_CODES.indexOf(tierCode) + 1] ?? null;
}

/**
 * The next tier's better prices for the member's tier, or null when it has none (top tier, no
 * cheaper tier price). `next`: the next tier's name and the growth the member still needs.
 */
export function tierUpsellOf(
  skus: readonly (SkuPrices & { id: number })[],
  tierCode: TierCode,
  next: { tierName: string; growthNeeded: number },
): TierUpsellView | null {
  const nextCode = nextTierCode(tierCode);
  if (!nextCode) return null;
  const better = skus.flatMap((sku) => {
    const priceFen = resolveSkuPrice(sku, { tierCode }).unitPriceFen;
    const nextPriceFen = resolveSkuPrice(sku, { tierCode: nextCode }).unitPriceFen;
    return nextPriceFen < priceFen ? [{ skuId: sku.id, priceFen, nextPriceFen, savingFen: (priceFen - nextPriceFen) as Fen }] : [];
  });
  if (better.length === 0) return null;
  const maxSavingFen = better.reduce((max, sku) => (sku.savingFen > max ? sku.savingFen : max), 0 as Fen);
  return { tierCode: nextCode, tierName: next.tierName, growthNeeded: next.growthNeeded, skus: better, maxSavingFen };
}
