import { formatFen, type TierUpsellView } from '@siyu/shared';

/**
 * "升级黄金再省¥3.00" for the chosen SKU (or the largest saving when none is chosen), or null when the
 * next tier pays no less for it.
 */
export function upsellText(upsell: TierUpsellView | null, skuId: number | null): string | null {
  if (!upsell) return null;
  const saving = skuId === null ? upsell.maxSavingFen : (upsell.skus.find((sku) => sku.skuId === skuId)?.savingFen ?? null);
  if (saving === null || saving <= 0) return null;
  return `升级${upsell.tierName}再省${formatFen(saving)}`;
}

/** "还差 120 成长值" (or "下单即可升级" when nothing is missing but the tier has not moved yet). */
export function growthNeededText(upsell: TierUpsellView): string {
  return upsell.growthNeeded > 0 ? `还差 ${upsell.growthNeeded} 成长值` : '成长值已达标，即将升级';
}
