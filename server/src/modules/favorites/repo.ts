import { and, desc, eq, lt } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { favorites, products } from '../../db/schema';

export type FavoriteRow = typeof favorites.$inferSelect;

/** Adds the favourite unless it is there (the unique key decides; a race adds one row). */
export async function insertFavorite(db: Executor, memberId: number, productId: number, now: Date): Promise<void> {
  await db
    .insert(favorites)
    .values({ memberId, productId, createdAt: now })
    .onConflictDoNothing({ target: [favorites.memberId, favorites.productId] });
}

export async function deleteFavorite(db: Executor, memberId: number, productId: number): Promise<void> {
  await db.delete(favorites).where(and(eq(favorites.memberId, memberId), eq(favorites.productId, productId)));
}

export async function hasFavorite(db: Executor, memberId: number, productId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: favorites.id })
    .from(favorites)
    .where(and(eq(favorites.memberId, memberId), eq(favorites.productId, productId)));
  return row !== undefined;
}

/** A member's favourites, newest first, `limit + 1` rows from before the cursor's id. */
export function favoritePage(db: Executor, memberId: number, beforeId: number | null, limit: number): Promise<FavoriteRow[]> {
  return db
    .select()
    .from(favorites)
    .where(and(eq(favorites.memberId, memberId), beforeId === null ? undefined : lt(favorites.id, beforeId)))
    .orderBy(desc(favorites.id))
    .limit(limit + 1);
}

/** True when the product exists and is on sale (only those can be added). */
export async function isProductOnSale(db: Executor, productId: number): Promise<boolean> {
  const [row] = await db.select({ status: products.status }).from(products).where(eq(products.id, productId));
  return row?.status === 'on_sale';
}
