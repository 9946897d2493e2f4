import { meetsMinTier, type TierCode } from '../members/tiers';
import { addFen, mulFen, toFen, type Fen } from '../money';
import { resolveSkuPrice, type PricingMember, type SkuPrices } from '../pricing';
import { CART_MAX_QUANTITY, type CartAvailability } from './schemas';

/** What decides whether a SKU can be bought and how many. */
export interface SkuSaleState {
  isOnSale: boolean;
  stock: number;
  purchaseLimit: number | null;
  /** Exclusive SKU: the lowest tier that may buy it (null or absent: every tier). */
  minTier?: TierCode | null;
}

/** The most one line may hold: stock, the purchase limit and the cart's own cap, whichever is lowest. */
export function maxLineQuantity(sku: Pick<SkuSaleState, 'stock' | 'purchaseLimit'>): number {
  return Math.max(0, Math.min(sku.stock, sku.purchaseLimit ?? CART_MAX_QUANTITY, CART_MAX_QUANTITY));
}

/**
 * Whether a line of `quantity` can be checked out by `member`: off sale beats a tier the member lacks
 * beats sold out beats short stock.
 */
export function lineAvailability(sku: SkuSaleState, quantity: number, member: PricingMember = null): CartAvailability {
  if (!sku.isOnSale) return 'off_sale';
  if (!meetsMinTier(member?.tierCode ?? null, sku.minTier ?? null)) return 'tier_required';
  if (sku.stock <= 0) return 'sold_out';
  if (quantity > sku.stock) return 'insufficient_stock';
  return 'ok';
}

export type ClampReason = 'stock' | 'limit' | 'min' | null;

/**
 * Clamps a wanted quantity into 1 … maxLineQuantity and says which bound bit (for the visible
 * message): `stock` when stock is the binding bound, `limit` for the purchase limit or the cart cap.
 */
export function clampQuantity(wanted: number, sku: Pick<SkuSaleState, 'stock' | 'purchaseLimit'>): { quantity: number; reason: ClampReason } {
  const max = maxLineQuantity(sku);
  const whole = Number.isFinite(wanted) ? Math.trunc(wanted) : 1;
  if (whole < 1) return { quantity: 1, reason: 'min' };
  if (whole <= max) return { quantity: whole, reason: null };
  const limit = Math.min(sku.purchaseLimit ?? CART_MAX_QUANTITY, CART_MAX_QUANTITY);
  return { quantity: Math.max(max, 1), reason: sku.stock < limit ? 'stock' : 'limit' };
}

/** One line as the totals see it. */
export interface CartTotalsLine {
  sku: SkuPrices;
  quantity: number;
  isSelected: boolean;
  availability: CartAvailability;
}

export interface CartLinePrice {
  unitPriceFen: Fen;
  publicPriceFen: Fen;
  lineTotalFen: Fen;
}

export interface CartTotals {
  /** Per input line, in input order. */
  lines: CartLinePrice[];
  selectedLineCount: number;
  selectedQuantity: number;
  totalFen: Fen;
  publicTotalFen: Fen;
  /** publicTotal − total, never negative. */
  savingFen: Fen;
}

/**
 * Prices every line for `member` with resolveSkuPrice and totals the selected lines that can be
 * bought as they are (availability `ok`). Integer fen throughout; the input is not changed.
 */
export function cartTotals(lines: readonly CartTotalsLine[], member: PricingMember): CartTotals {
  const priced: CartLinePrice[] = [];
  let totalFen = toFen(0);
  let publicTotalFen = toFen(0);
  let selectedLineCount = 0;
  let selectedQuantity = 0;
  for (const line of lines) {
    const price = resolveSkuPrice(line.sku, member);
    const lineTotalFen = mulFen(price.unitPriceFen, line.quantity);
    priced.push({ unitPriceFen: price.unitPriceFen, publicPriceFen: price.publicPriceFen, lineTotalFen });
    if (!line.isSelected || line.availability !== 'ok') continue;
    selectedLineCount += 1;
    selectedQuantity += line.quantity;
    totalFen = addFen(totalFen, lineTotalFen);
    publicTotalFen = addFen(publicTotalFen, mulFen(price.publicPriceFen, line.quantity));
  }
  const saving = publicTotalFen - totalFen;
  return { lines: priced, selectedLineCount, selectedQuantity, totalFen, publicTotalFen, savingFen: toFen(saving > 0 ? saving : 0) };
}
