import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { categories, products } from '../../db/schema';

export type CategoryRow = typeof categories.$inferSelect;

/** Every category, in display order (sort order, then id). */
export function listCategoryRows(db: Executor): Promise<CategoryRow[]> {
  return db.select().from(categories).orderBy(asc(categories.sortOrder), asc(categories.id));
}

/**
 * Locks the given categories FOR UPDATE in id order (a fixed order, so two writers cannot deadlock)
 * and returns those that exist. Depth and emptiness checks read under these locks.
 */
export async function lockCategories(db: Executor, ids: readonly number[]): Promise<Map<number, CategoryRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select()
    .from(categories)
    .where(inArray(categories.id, [...ids]))
    .orderBy(asc(categories.id))
    .for('update');
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Holds a category while a product is placed in it (FOR KEY SHARE conflicts with a delete but not
 * with a rename); false when it does not exist.
 */
export async function holdCategory(db: Executor, id: number): Promise<boolean> {
  const rows = await db.select({ id: categories.id }).from(categories).where(eq(categories.id, id)).for('key share');
  return rows.length > 0;
}

/** True when the category has child categories. */
export async function hasChildCategories(db: Executor, id: number): Promise<boolean> {
  const rows = await db
    .select({ one: sql<number>`1` })
    .from(categories)
    .where(eq(categories.parentId, id))
    .limit(1);
  return rows.length > 0;
}

/** True when any product (whatever its status) is filed under the category. */
export async function hasProducts(db: Executor, categoryId: number): Promise<boolean> {
  const rows = await db
    .select({ one: sql<number>`1` })
    .from(products)
    .where(eq(products.categoryId, categoryId))
    .limit(1);
  return rows.length > 0;
}
