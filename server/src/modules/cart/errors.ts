import { CART_MAX_LINES, CART_MAX_QUANTITY, meetsMinTier } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { AppError } from '../../lib/errors';
import { countLines, pricingMemberOf, skuSaleRow } from './repo';

/**
 * The refusal of an exclusive SKU (skus.min_tier) to a member below its tier, or null when the member may
 * buy it. A SKU that is gone or off sale is left to the cart write, which refuses it with its own code.
 */
export async function tierRefusal(db: Executor, memberId: number, skuId: number): Promise<AppError | null> {
  const sku = await skuSaleRow(db, skuId);
  if (!sku || !sku.isLive || !sku.isOnSale || sku.minTier === null) return null;
  const member = await pricingMemberOf(db, memberId);
  if (meetsMinTier(member?.tierCode ?? null, sku.minTier)) return null;
  return new AppError('SKU_TIER_REQUIRED', undefined, { skuId, minTier: sku.minTier });
}

/**
 * Why a conditional cart write matched nothing, read in the same transaction (the member's cart lock
 * is held): the SKU is gone or off sale, sold out, the line would exceed the purchase limit or the
 * stock, or the cart is full. `wanted` is the line's quantity the write asked for; `inCart` what it held.
 */
export async function cartRefusal(db: Executor, memberId: number, skuId: number, wanted: number, inCart: number): Promise<AppError> {
  const sku = await skuSaleRow(db, skuId);
  if (!sku || !sku.isLive || !sku.isOnSale) return new AppError('CART_SKU_UNAVAILABLE', undefined, { skuId });
  if (sku.stock <= 0) return new AppError('CART_SKU_SOLD_OUT', undefined, { skuId });
  const limit = Math.min(sku.purchaseLimit ?? CART_MAX_QUANTITY, CART_MAX_QUANTITY);
  if (wanted > limit && limit <= sku.stock) return new AppError('CART_QUANTITY_EXCEEDS_LIMIT', undefined, { skuId, limit, inCart });
  if (wanted > sku.stock) return new AppError('CART_QUANTITY_EXCEEDS_STOCK', undefined, { skuId, available: sku.stock, inCart });
  if (inCart === 0 && (await countLines(db, memberId)) >= CART_MAX_LINES) {
    return new AppError('CART_TOO_MANY_LINES', undefined, { max: CART_MAX_LINES });
  }
  // Nothing explains it now: the SKU changed between the write and this read.
  return new AppError('CART_SKU_UNAVAILABLE', undefined, { skuId });
}
