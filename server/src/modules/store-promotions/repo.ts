import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { categories, products, storePromotions } from '../../db/schema';

export type StorePromotionRow = typeof storePromotions.$inferSelect;
export type StorePromotionInsert = typeof storePromotions.$inferInsert;

export async function findStorePromotion(db: Executor, id: number): Promise<StorePromotionRow | undefined> {
  const [row] = await db.select().from(storePromotions).where(eq(storePromotions.id, id));
  return row;
}

/** The newest `limit` store promotions (staff list). */
export function listNewestStorePromotions(db: Executor, limit: number): Promise<StorePromotionRow[]> {
  return db.select().from(storePromotions).orderBy(desc(storePromotions.id)).limit(limit);
}

export async function insertStorePromotion(db: Executor, values: StorePromotionInsert): Promise<StorePromotionRow> {
  const [row] = await db.insert(storePromotions).values(values).returning();
  if (!row) throw new Error('store promotion insert returned nothing');
  return row;
}

/** Stops an active promotion; undefined when it was already stopped. */
export async function stopStorePromotionRow(db: Executor, id: number, now: Date): Promise<StorePromotionRow | undefined> {
  const [row] = await db
    .update(storePromotions)
    .set({ status: 'stopped', updatedAt: now })
    .where(and(eq(storePromotions.id, id), eq(storePromotions.status, 'active')))
    .returning();
  return row;
}

/** The ids among `ids` that name no product. */
export async function missingProductIds(db: Executor, ids: readonly number[]): Promise<number[]> {
  const found = new Set(
    (
      await db
        .select({ id: products.id })
        .from(products)
        .where(inArray(products.id, [...ids]))
    ).map((row) => row.id),
  );
  return ids.filter((id) => !found.has(id));
}

/** The ids among `ids` that name no category. */
export async function missingCategoryIds(db: Executor, ids: readonly number[]): Promise<number[]> {
  const found = new Set(
    (
      await db
        .select({ id: categories.id })
        .from(categories)
        .where(inArray(categories.id, [...ids]))
    ).map((row) => row.id),
  );
  return ids.filter((id) => !found.has(id));
}
