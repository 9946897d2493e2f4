import type { z } from 'zod';
import type { FavoriteItem, FavoriteState, favoriteListQuerySchema } from '@siyu/shared';
import type { ServiceContext } from '../../context';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { AppError } from '../../lib/errors';
import { shopSummariesOf } from '../catalog';
import { deleteFavorite, favoritePage, hasFavorite, insertFavorite, isProductOnSale } from './repo';

/** PUT /api/me/favorites/:productId: idempotent; only a product on sale can be added. */
export async function addFavorite(sc: ServiceContext, memberId: number, productId: number): Promise<FavoriteState> {
  if (!(await isProductOnSale(sc.db, productId))) throw new AppError('PRODUCT_NOT_FOUND');
  await insertFavorite(sc.db, memberId, productId, sc.now);
  return { productId, isFavorite: true };
}

/** DELETE /api/me/favorites/:productId: idempotent (removing what is not there answers the same). */
export async function removeFavorite(sc: ServiceContext, memberId: number, productId: number): Promise<FavoriteState> {
  await deleteFavorite(sc.db, memberId, productId);
  return { productId, isFavorite: false };
}

/** GET /api/me/favorites/:productId: whether the product is among the member's favourites. */
export async function favoriteState(sc: ServiceContext, memberId: number, productId: number): Promise<FavoriteState> {
  return { productId, isFavorite: await hasFavorite(sc.db, memberId, productId) };
}

/** GET /api/me/favorites: newest first, each with the product's card as the member would buy it now. */
export async function listFavorites(
  sc: ServiceContext,
  memberId: number,
  query: z.output<typeof favoriteListQuerySchema>,
): Promise<{ items: FavoriteItem[]; nextCursor: string | null }> {
  const beforeId = query.cursor ? decodeCursor(query.cursor, ['id'])[0] : null;
  const rows = await favoritePage(sc.db, memberId, beforeId, query.limit);
  const page = rows.slice(0, query.limit);
  const summaries = await shopSummariesOf(
    sc,
    page.map((row) => row.productId),
  );
  const last = page[page.length - 1];
  return {
    items: page.map((row) => ({ productId: row.productId, createdAt: row.createdAt.toISOString(), product: summaries.get(row.productId) ?? null })),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null,
  };
}
