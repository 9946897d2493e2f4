import type { AdminSku, SkuAddBody, SkuUpdateBody } from '@siyu/shared';
import { requireStaffActor, type ServiceContext } from '../../context';
import type { Executor } from '../../db/client';
import { AppError } from '../../lib/errors';
import { recordAudit } from '../audit';
import { belowCostPricesOf, guardBelowCost, type BelowCostConfirmation } from './below-cost';
import { catalogTransaction, fieldError } from './errors';
import {
  findLiveSku,
  insertSku,
  liveSkusOf,
  lockProduct,
  refreshPriceFrom,
  replaceTierPrices,
  softDeleteSku,
  updateSkuRow,
  type ProductRow,
  type SkuRecord,
} from './repo';
import { toAdminSku } from './views';

/** Reads a live SKU, locks its product, and re-reads the SKU under that lock (SKU writes of one product are serialized). */
async function lockSkuWithProduct(db: Executor, skuId: number): Promise<{ product: ProductRow; sku: SkuRecord }> {
  const unlocked = await findLiveSku(db, skuId);
  const product = unlocked ? await lockProduct(db, unlocked.productId) : undefined;
  const sku = product ? await findLiveSku(db, skuId) : undefined;
  if (!product || !sku) throw new AppError('SKU_NOT_FOUND');
  return { product, sku };
}

async function mustFindSku(db: Executor, skuId: number): Promise<SkuRecord> {
  const sku = await findLiveSku(db, skuId);
  if (!sku) throw new Error(`sku ${skuId} vanished inside its own transaction`);
  return sku;
}

/**
 * POST /api/admin/products/:id/skus. On an on_sale product a below-cost price goes through the
 * below-cost guard; a draft or off_sale product may hold any price until it is published.
 */
export async function addSku(sc: ServiceContext, productId: number, body: SkuAddBody): Promise<AdminSku> {
  const actor = requireStaffActor(sc);
  return catalogTransaction(sc, async (tx) => {
    const product = await lockProduct(tx.db, productId);
    if (!product) throw new AppError('PRODUCT_NOT_FOUND');
    const { confirmBelowCost, ...fields } = body;
    const confirmation = product.status === 'on_sale' ? guardBelowCost(actor, belowCostPricesOf([{ ...fields, id: null, productId }]), confirmBelowCost) : null;
    const skuId = await insertSku(tx.db, productId, fields, tx.now);
    await refreshPriceFrom(tx.db, productId, tx.now);
    const created = toAdminSku(await mustFindSku(tx.db, skuId));
    await recordAudit(tx, { action: 'sku.create', targetType: 'sku', targetId: skuId, after: { ...created, ...withSkuId(confirmation, skuId) } });
    return created;
  });
}

/** The confirmation of a new SKU, naming the id it received. */
function withSkuId(confirmation: BelowCostConfirmation | null, skuId: number): BelowCostConfirmation | null {
  if (!confirmation) return null;
  return { ...confirmation, belowCostPrices: confirmation.belowCostPrices.map((price) => ({ ...price, skuId })) };
}

/**
 * PATCH /api/admin/skus/:id. `tierPrices`, when given, replaces all tier prices of the SKU. A price
 * change on an on_sale product passes the below-cost guard with the SKU's prices after the change.
 */
export async function updateSku(sc: ServiceContext, skuId: number, body: SkuUpdateBody): Promise<AdminSku> {
  const actor = requireStaffActor(sc);
  return catalogTransaction(sc, async (tx) => {
    const { product, sku: before } = await lockSkuWithProduct(tx.db, skuId);
    const { confirmBelowCost = false, tierPrices, ...changes } = body;
    const next: SkuRecord = { ...before, ...changes, tierPrices: tierPrices ?? before.tierPrices };
    if (next.privatePriceFen > next.publicPriceFen) {
      throw fieldError('body.privatePriceFen', 'the private price must not exceed the public reference price');
    }
    const touchesPrices = changes.privatePriceFen !== undefined || changes.costPriceFen !== undefined || tierPrices !== undefined;
    const confirmation = product.status === 'on_sale' && touchesPrices ? guardBelowCost(actor, belowCostPricesOf([next]), confirmBelowCost) : null;
    await updateSkuRow(tx.db, skuId, changes, tx.now);
    if (tierPrices) await replaceTierPrices(tx.db, skuId, tierPrices);
    await refreshPriceFrom(tx.db, product.id, tx.now);
    const after = toAdminSku(await mustFindSku(tx.db, skuId));
    await recordAudit(tx, { action: 'sku.update', targetType: 'sku', targetId: skuId, before: toAdminSku(before), after: { ...after, ...confirmation } });
    return after;
  });
}

/**
 * DELETE /api/admin/skus/:id: a soft delete (orders keep pointing at the SKU). The last live SKU of an
 * on_sale product cannot go: unpublish the product first (409 PRODUCT_HAS_NO_SKUS).
 */
export async function deleteSku(sc: ServiceContext, skuId: number): Promise<void> {
  await catalogTransaction(sc, async (tx) => {
    const { product, sku } = await lockSkuWithProduct(tx.db, skuId);
    if (product.status === 'on_sale' && (await liveSkusOf(tx.db, [product.id])).length === 1) {
      throw new AppError('PRODUCT_HAS_NO_SKUS', 'an on_sale product keeps at least one SKU; unpublish it first');
    }
    await softDeleteSku(tx.db, skuId, tx.now);
    await refreshPriceFrom(tx.db, product.id, tx.now);
    await recordAudit(tx, { action: 'sku.delete', targetType: 'sku', targetId: skuId, before: toAdminSku(sku) });
  });
}
