import { TIER_CODES, type ShopProductDetail, type TierCode } from '@siyu/shared';

export type ShopSku = ShopProductDetail['skus'][number];
/** Chosen value per spec name. */
export type SpecSelection = Record<string, string>;

function matches(sku: ShopSku, selection: SpecSelection): boolean {
  return Object.entries(selection).every(([name, value]) => sku.specs[name] === value);
}

/** The SKU whose specs are exactly the selection (every spec name chosen), or null. */
export function findSku(skus: readonly ShopSku[], specNames: readonly string[], selection: SpecSelection): ShopSku | null {
  if (!specNames.every((name) => selection[name] !== undefined)) return null;
  return skus.find((sku) => matches(sku, selection)) ?? null;
}

/** A value can be picked when some SKU in stock has it together with the other chosen values. */
export function isValueAvailable(skus: readonly ShopSku[], selection: SpecSelection, name: string, value: string): boolean {
  const wanted = { ...selection, [name]: value };
  return skus.some((sku) => !sku.isSoldOut && matches(sku, wanted));
}

/** The first SKU in stock (else the first SKU) as the starting selection. */
export function initialSelection(skus: readonly ShopSku[]): SpecSelection {
  const sku = skus.find((candidate) => !candidate.isSoldOut) ?? skus[0];
  return sku ? { ...sku.specs } : {};
}

/** Whether any SKU in stock has this value at all (else the value is shown as 售罄). */
export function isValueInStock(skus: readonly ShopSku[], name: string, value: string): boolean {
  return skus.some((sku) => !sku.isSoldOut && sku.specs[name] === value);
}

/**
 * The tier a spec value is exclusive to: when every SKU with the value is an exclusive SKU, the lowest
 * of their tiers (the member sees these SKUs only because they are at or above it); else null.
 */
export function exclusiveTierOfValue(skus: readonly ShopSku[], name: string, value: string): TierCode | null {
  const withValue = skus.filter((sku) => sku.specs[name] === value);
  if (withValue.length === 0 || withValue.some((sku) => sku.minTier === null)) return null;
  const ranks = withValue.map((sku) => TIER_CODES.indexOf(sku.minTier as TierCode));
  return TIER_CODES[Math.min(...ranks)] ?? null;
}

/**
 * The selection after tapping `name = value`: tapping the chosen value clears it; a value that fits
 * the other choices is added; a value that only exists in other combinations switches to the first
 * such SKU in stock (so 白/M → 黑 lands on 黑/L instead of a dead end).
 */
export function pickValue(skus: readonly ShopSku[], selection: SpecSelection, name: string, value: string): SpecSelection {
  if (selection[name] === value) {
    const { [name]: _cleared, ...rest } = selection;
    return rest;
  }
  if (isValueAvailable(skus, selection, name, value)) return { ...selection, [name]: value };
  const fallback = skus.find((sku) => !sku.isSoldOut && sku.specs[name] === value);
  return fallback ? { ...fallback.specs } : selection;
}
