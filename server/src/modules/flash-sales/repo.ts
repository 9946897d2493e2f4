import { and, asc, desc, eq, gt, inArray, isNull, lt, lte, ne, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { flashSales, products, skus } from '../../db/schema';

export type FlashSaleRow = typeof flashSales.$inferSelect;
export type FlashSaleInsert = typeof flashSales.$inferInsert;

/** The SKU and product facts a flash-sale view shows beside the sale itself. */
export interface FlashSaleSkuFacts {
  productId: number;
  productTitle: string;
  productStatus: string;
  images: string[];
  specs: Record<string, string>;
  privatePriceFen: number;
  costPriceFen: number;
  skuDeletedAt: Date | null;
}

export interface FlashSaleWithSku {
  sale: FlashSaleRow;
  sku: FlashSaleSkuFacts;
}

const skuFacts = {
  productId: products.id,
  productTitle: products.title,
  productStatus: products.status,
  images: products.images,
  specs: skus.specs,
  privatePriceFen: skus.privatePriceFen,
  costPriceFen: skus.costPriceFen,
  skuDeletedAt: skus.deletedAt,
};

/** A SKU (deleted or not) with its product's facts. */
export async function findSkuFacts(db: Executor, skuId: number): Promise<FlashSaleSkuFacts | undefined> {
  const [row] = await db.select(skuFacts).from(skus).innerJoin(products, eq(products.id, skus.productId)).where(eq(skus.id, skuId));
  return row;
}

/**
 * Locks the SKU's product FOR UPDATE. Every flash-sale write takes it, as the catalog's SKU writes do:
 * two sales on one SKU cannot both pass the overlap check, and a price change to the SKU cannot slip
 * under a flash price being checked against it. Taken before any flash-sale row is touched, so the lock
 * order is always product → flash sale (checkout takes SKU → flash sale and never the product).
 */
export async function lockProductOfSku(db: Executor, skuId: number): Promise<void> {
  const [sku] = await db.select({ productId: skus.productId }).from(skus).where(eq(skus.id, skuId));
  if (sku) await db.select({ id: products.id }).from(products).where(eq(products.id, sku.productId)).for('update');
}

/** Flash sales with their SKU facts matching `where`, in the given order. */
async function selectWithSku(db: Executor, where: SQL | undefined, order: SQL[], limit?: number): Promise<FlashSaleWithSku[]> {
  const query = db
    .select({ sale: flashSales, sku: skuFacts })
    .from(flashSales)
    .innerJoin(skus, eq(skus.id, flashSales.skuId))
    .innerJoin(products, eq(products.id, skus.productId))
    .where(where)
    .orderBy(...order);
  return limit === undefined ? query : query.limit(limit);
}

export async function findFlashSale(db: Executor, id: number): Promise<FlashSaleWithSku | undefined> {
  const [row] = await selectWithSku(db, eq(flashSales.id, id), []);
  return row;
}

/** The newest `limit` flash sales (staff list). */
export function listNewestFlashSales(db: Executor, limit: number): Promise<FlashSaleWithSku[]> {
  return selectWithSku(db, undefined, [desc(flashSales.id)], limit);
}

/**
 * Flash sales a shopper may see that start before `startsBefore` and end after `endsAfter`: approved
 * (or needing no approval), not stopped, on an on-sale product whose SKU is not deleted.
 */
export function listVisibleFlashSales(db: Executor, window: { startsBefore: Date; endsAfter: Date; startsAfter?: Date }): Promise<FlashSaleWithSku[]> {
  const conditions: SQL[] = [
    inArray(flashSales.approvalStatus, ['not_required', 'approved']),
    isNull(flashSales.stoppedAt),
    lte(flashSales.startsAt, window.startsBefore),
    gt(flashSales.endsAt, window.endsAfter),
    eq(products.status, 'on_sale'),
    isNull(skus.deletedAt),
  ];
  if (window.startsAfter) conditions.push(gt(flashSales.startsAt, window.startsAfter));
  return selectWithSku(db, and(...conditions), [asc(flashSales.startsAt), asc(flashSales.id)]);
}

/**
 * A live (not stopped, not rejected) flash sale on the SKU whose window overlaps [startsAt, endsAt),
 * other than `exceptId`.
 */
export async function findOverlapping(db: Executor, skuId: number, startsAt: Date, endsAt: Date, exceptId?: number): Promise<FlashSaleRow | undefined> {
  const conditions: SQL[] = [
    eq(flashSales.skuId, skuId),
    isNull(flashSales.stoppedAt),
    ne(flashSales.approvalStatus, 'rejected'),
    gt(flashSales.endsAt, startsAt),
    lt(flashSales.startsAt, endsAt),
  ];
  if (exceptId !== undefined) conditions.push(ne(flashSales.id, exceptId));
  const [row] = await db
    .select()
    .from(flashSales)
    .where(and(...conditions))
    .limit(1);
  return row;
}

export async function insertFlashSale(db: Executor, values: FlashSaleInsert): Promise<FlashSaleRow> {
  const [row] = await db.insert(flashSales).values(values).returning();
  if (!row) throw new Error('flash sale insert returned nothing');
  return row;
}

/**
 * Updates a flash sale unless its sold units exceed the new total (checkout moves sold_units without
 * the product lock, so the check is part of the update). Undefined when the condition failed.
 */
export async function updateFlashSale(db: Executor, id: number, set: Partial<FlashSaleInsert>, minTotalUnits: number): Promise<FlashSaleRow | undefined> {
  const [row] = await db
    .update(flashSales)
    .set(set)
    .where(and(eq(flashSales.id, id), lte(flashSales.soldUnits, minTotalUnits)))
    .returning();
  return row;
}

/** Stops a sale that is not stopped yet; undefined when it already was. */
export async function stopFlashSaleRow(db: Executor, id: number, now: Date): Promise<FlashSaleRow | undefined> {
  const [row] = await db
    .update(flashSales)
    .set({ stoppedAt: now, updatedAt: now })
    .where(and(eq(flashSales.id, id), isNull(flashSales.stoppedAt)))
    .returning();
  return row;
}
