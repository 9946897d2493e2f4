import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { AdminProduct, adminProductListQuerySchema, ProductCreateBody, productUpdateBodySchema } from '@siyu/shared';
import { requireStaffActor, type ServiceContext } from '../../context';
import type { Executor } from '../../db/client';
import { products } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { recordAudit } from '../audit';
import { belowCostPricesOf, guardBelowCost } from './below-cost';
import { holdCategory } from './category-repo';
import { catalogTransaction } from './errors';
import { adminProductPage } from './listing';
import { deleteProductRows, findProduct, hasStockHistory, insertSku, liveSkusOf, lockProduct, refreshPriceFrom } from './repo';
import { toAdminProduct, toProductFields } from './views';

type ProductUpdateBody = z.output<typeof productUpdateBodySchema>;

/** A product with its live SKUs as staff see it; 404 PRODUCT_NOT_FOUND when it does not exist. */
export async function loadAdminProduct(db: Executor, id: number): Promise<AdminProduct> {
  const row = await findProduct(db, id);
  if (!row) throw new AppError('PRODUCT_NOT_FOUND');
  return toAdminProduct(row, await liveSkusOf(db, [id]));
}

/** GET /api/admin/products/:id. */
export function getAdminProduct(sc: ServiceContext, id: number): Promise<AdminProduct> {
  return loadAdminProduct(sc.db, id);
}

/** GET /api/admin/products: filtered, newest first, cursor-paginated, with SKUs. */
export async function listAdminProducts(sc: ServiceContext, query: z.output<typeof adminProductListQuerySchema>) {
  const { rows, nextCursor } = await adminProductPage(sc.db, query);
  const skus = await liveSkusOf(
    sc.db,
    rows.map((row) => row.id),
  );
  const items = rows.map((row) =>
    toAdminProduct(
      row,
      skus.filter((sku) => sku.productId === row.id),
    ),
  );
  return { items, nextCursor };
}

async function requireCategory(db: Executor, categoryId: number): Promise<void> {
  if (!(await holdCategory(db, categoryId))) throw new AppError('CATEGORY_NOT_FOUND', undefined, { field: 'body.categoryId' });
}

/** POST /api/admin/products: a draft (any price allowed) with its optional SKUs. */
export async function createProduct(sc: ServiceContext, body: ProductCreateBody): Promise<AdminProduct> {
  return catalogTransaction(sc, async (tx) => {
    await requireCategory(tx.db, body.categoryId);
    const { skus, ...fields } = body;
    const [row] = await tx.db
      .insert(products)
      .values({ ...fields, status: 'draft', createdAt: tx.now, updatedAt: tx.now })
      .returning({ id: products.id });
    if (!row) throw new Error('product insert returned nothing');
    for (const sku of skus) await insertSku(tx.db, row.id, sku, tx.now);
    await refreshPriceFrom(tx.db, row.id, tx.now);
    const created = await loadAdminProduct(tx.db, row.id);
    await recordAudit(tx, { action: 'product.create', targetType: 'product', targetId: row.id, after: created });
    return created;
  });
}

/** PATCH /api/admin/products/:id: product fields only (status moves through publish/unpublish). */
export async function updateProduct(sc: ServiceContext, id: number, body: ProductUpdateBody): Promise<AdminProduct> {
  return catalogTransaction(sc, async (tx) => {
    const before = await lockProduct(tx.db, id);
    if (!before) throw new AppError('PRODUCT_NOT_FOUND');
    if (body.categoryId !== undefined) await requireCategory(tx.db, body.categoryId);
    const [row] = await tx.db
      .update(products)
      .set({ ...body, updatedAt: tx.now })
      .where(eq(products.id, id))
      .returning();
    if (!row) throw new AppError('PRODUCT_NOT_FOUND');
    await recordAudit(tx, { action: 'product.update', targetType: 'product', targetId: id, before: toProductFields(before), after: toProductFields(row) });
    return toAdminProduct(row, await liveSkusOf(tx.db, [id]));
  });
}

/**
 * DELETE /api/admin/products/:id: only a draft, which has never been sold. A draft whose stock was
 * already adjusted keeps its ledger and cannot be deleted (409 PRODUCT_HAS_STOCK_HISTORY).
 */
export async function deleteProduct(sc: ServiceContext, id: number): Promise<void> {
  await catalogTransaction(sc, async (tx) => {
    const row = await lockProduct(tx.db, id);
    if (!row) throw new AppError('PRODUCT_NOT_FOUND');
    if (row.status !== 'draft') throw new AppError('PRODUCT_NOT_DRAFT', undefined, { status: row.status });
    if (await hasStockHistory(tx.db, id)) throw new AppError('PRODUCT_HAS_STOCK_HISTORY');
    const before = toAdminProduct(row, await liveSkusOf(tx.db, [id]));
    await deleteProductRows(tx.db, id);
    await recordAudit(tx, { action: 'product.delete', targetType: 'product', targetId: id, before });
  });
}

/**
 * POST /api/admin/products/:id/publish: draft or off_sale → on_sale. Needs at least one live SKU and
 * passes the below-cost guard over all of them. Publishing an on_sale product changes nothing.
 */
export async function publishProduct(sc: ServiceContext, id: number, confirmBelowCost: boolean): Promise<AdminProduct> {
  const actor = requireStaffActor(sc);
  return catalogTransaction(sc, async (tx) => {
    const row = await lockProduct(tx.db, id);
    if (!row) throw new AppError('PRODUCT_NOT_FOUND');
    if (row.status === 'on_sale') return loadAdminProduct(tx.db, id);
    const skus = await liveSkusOf(tx.db, [id]);
    if (skus.length === 0) throw new AppError('PRODUCT_HAS_NO_SKUS');
    const confirmation = guardBelowCost(actor, belowCostPricesOf(skus), confirmBelowCost);
    await tx.db.update(products).set({ status: 'on_sale', updatedAt: tx.now }).where(eq(products.id, id));
    await recordAudit(tx, {
      action: 'product.publish',
      targetType: 'product',
      targetId: id,
      before: { status: row.status },
      after: { status: 'on_sale', ...confirmation },
    });
    return loadAdminProduct(tx.db, id);
  });
}

/** POST /api/admin/products/:id/unpublish: on_sale → off_sale; any other status is left as it is. */
export async function unpublishProduct(sc: ServiceContext, id: number): Promise<AdminProduct> {
  return catalogTransaction(sc, async (tx) => {
    const row = await lockProduct(tx.db, id);
    if (!row) throw new AppError('PRODUCT_NOT_FOUND');
    if (row.status !== 'on_sale') return loadAdminProduct(tx.db, id);
    await tx.db.update(products).set({ status: 'off_sale', updatedAt: tx.now }).where(eq(products.id, id));
    await recordAudit(tx, { action: 'product.unpublish', targetType: 'product', targetId: id, before: { status: 'on_sale' }, after: { status: 'off_sale' } });
    return loadAdminProduct(tx.db, id);
  });
}
