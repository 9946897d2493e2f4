import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { tierCodeSchema, toFen, type Fen, type SkuCreateBody, type TierCode } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { products, skus, skuTierPrices, stockMovements } from '../../db/schema';

export type ProductRow = typeof products.$inferSelect;
type SkuRow = typeof skus.$inferSelect;
export type TierPrices = Partial<Record<TierCode, Fen>>;

/** A live SKU with its tier prices, money branded as fen. */
export interface SkuRecord {
  id: number;
  productId: number;
  specs: Record<string, string>;
  publicPriceFen: Fen;
  privatePriceFen: Fen;
  costPriceFen: Fen;
  tierPrices: TierPrices;
  stock: number;
  purchaseLimit: number | null;
  barcode: string | null;
  minTier: TierCode | null;
}

function toSkuRecord(row: SkuRow, tierPrices: TierPrices): SkuRecord {
  return {
    id: row.id,
    productId: row.productId,
    specs: row.specs,
    publicPriceFen: toFen(row.publicPriceFen),
    privatePriceFen: toFen(row.privatePriceFen),
    costPriceFen: toFen(row.costPriceFen),
    tierPrices,
    stock: row.stock,
    purchaseLimit: row.purchaseLimit,
    barcode: row.barcode,
    minTier: row.minTier as TierCode | null,
  };
}

export async function findProduct(db: Executor, id: number): Promise<ProductRow | undefined> {
  const [row] = await db.select().from(products).where(eq(products.id, id));
  return row;
}

/**
 * Locks a product FOR UPDATE. Every SKU write takes this lock first, so writes to one product's SKUs
 * run one after another: the below-cost check sees the status it guards and `price_from_fen` is
 * recomputed from committed SKUs.
 */
export async function lockProduct(db: Executor, id: number): Promise<ProductRow | undefined> {
  const [row] = await db.select().from(products).where(eq(products.id, id)).for('update');
  return row;
}

async function tierPricesOf(db: Executor, skuIds: readonly number[]): Promise<Map<number, TierPrices>> {
  const bySku = new Map<number, TierPrices>();
  if (skuIds.length === 0) return bySku;
  const rows = await db
    .select()
    .from(skuTierPrices)
    .where(inArray(skuTierPrices.skuId, [...skuIds]));
  for (const row of rows) {
    const prices = bySku.get(row.skuId) ?? {};
    prices[tierCodeSchema.parse(row.tierCode)] = toFen(row.priceFen);
    bySku.set(row.skuId, prices);
  }
  return bySku;
}

/** The live (not deleted) SKUs of some products with their tier prices, in id order. */
export async function liveSkusOf(db: Executor, productIds: readonly number[]): Promise<SkuRecord[]> {
  if (productIds.length === 0) return [];
  const rows = await db
    .select()
    .from(skus)
    .where(and(inArray(skus.productId, [...productIds]), isNull(skus.deletedAt)))
    .orderBy(asc(skus.id));
  const tiers = await tierPricesOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toSkuRecord(row, tiers.get(row.id) ?? {}));
}

/** A live SKU by id, or undefined. */
export async function findLiveSku(db: Executor, id: number): Promise<SkuRecord | undefined> {
  const [row] = await db
    .select()
    .from(skus)
    .where(and(eq(skus.id, id), isNull(skus.deletedAt)));
  if (!row) return undefined;
  const tiers = await tierPricesOf(db, [row.id]);
  return toSkuRecord(row, tiers.get(row.id) ?? {});
}

/** True when a SKU row exists, deleted or not (its stock history stays readable). */
export async function skuExists(db: Executor, id: number): Promise<boolean> {
  const rows = await db.select({ id: skus.id }).from(skus).where(eq(skus.id, id));
  return rows.length > 0;
}

/** Replaces a SKU's tier prices with `prices`. */
export async function replaceTierPrices(db: Executor, skuId: number, prices: TierPrices): Promise<void> {
  await db.delete(skuTierPrices).where(eq(skuTierPrices.skuId, skuId));
  const rows = Object.entries(prices).map(([tierCode, priceFen]) => ({ skuId, tierCode, priceFen }));
  if (rows.length > 0) await db.insert(skuTierPrices).values(rows);
}

/** Inserts a SKU and its tier prices. */
export async function insertSku(db: Executor, productId: number, body: SkuCreateBody, now: Date): Promise<number> {
  const [row] = await db
    .insert(skus)
    .values({
      productId,
      specs: body.specs,
      publicPriceFen: body.publicPriceFen,
      privatePriceFen: body.privatePriceFen,
      costPriceFen: body.costPriceFen,
      stock: body.stock,
      purchaseLimit: body.purchaseLimit,
      barcode: body.barcode,
      minTier: body.minTier,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: skus.id });
  if (!row) throw new Error('sku insert returned nothing');
  await replaceTierPrices(db, row.id, body.tierPrices);
  return row.id;
}

/** The fields of a SKU that may be edited (stock moves only through adjustments). */
export type SkuChanges = Partial<Pick<SkuRow, 'specs' | 'publicPriceFen' | 'privatePriceFen' | 'costPriceFen' | 'purchaseLimit' | 'barcode' | 'minTier'>>;

export async function updateSkuRow(db: Executor, id: number, changes: SkuChanges, now: Date): Promise<void> {
  await db
    .update(skus)
    .set({ ...changes, updatedAt: now })
    .where(eq(skus.id, id));
}

export async function softDeleteSku(db: Executor, id: number, now: Date): Promise<void> {
  await db.update(skus).set({ deletedAt: now, updatedAt: now }).where(eq(skus.id, id));
}

/**
 * Recomputes `products.price_from_fen` (lowest private price among live SKUs, null without any).
 * Called in the transaction of every SKU write, after the product lock.
 */
export async function refreshPriceFrom(db: Executor, productId: number, now: Date): Promise<void> {
  await db
    .update(products)
    .set({
      priceFromFen: sql`(select min(${skus.privatePriceFen}) from ${skus} where ${skus.productId} = ${productId} and ${skus.deletedAt} is null)`,
      updatedAt: now,
    })
    .where(eq(products.id, productId));
}

/** True when any SKU of the product (deleted or not) has a stock movement. */
export async function hasStockHistory(db: Executor, productId: number): Promise<boolean> {
  const rows = await db
    .select({ one: sql<number>`1` })
    .from(stockMovements)
    .innerJoin(skus, eq(skus.id, stockMovements.skuId))
    .where(eq(skus.productId, productId))
    .limit(1);
  return rows.length > 0;
}

/** Removes a draft product with its SKUs (tier prices cascade). */
export async function deleteProductRows(db: Executor, productId: number): Promise<void> {
  await db.delete(skus).where(eq(skus.productId, productId));
  await db.delete(products).where(eq(products.id, productId));
}
