import { CART_MAX_LINES, CART_MAX_QUANTITY } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { AppError } from '../../lib/errors';
import { countLines, skuSaleRow } from './repo';

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
