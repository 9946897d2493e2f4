import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { liveSessionProducts, liveSessions, products, promoCodes, skus } from '../../db/schema';

export type LiveSessionRow = typeof liveSessions.$inferSelect;
export type PromoCodeRow = typeof promoCodes.$inferSelect;

/** A session by id, optionally under a row lock (every change to a session takes it first). */
export async function findSession(db: Executor, id: number, lock = false): Promise<LiveSessionRow | undefined> {
  const query = db.select().from(liveSessions).where(eq(liveSessions.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function findSessionByScene(db: Executor, sceneCode: string): Promise<LiveSessionRow | undefined> {
  const [row] = await db.select().from(liveSessions).where(eq(liveSessions.sceneCode, sceneCode));
  return row;
}

/** The next session id, taken before the insert so the scene code can name it. */
export async function nextSessionId(db: Executor): Promise<number> {
  const result = await db.execute<{ id: string | number }>(sql`select nextval(pg_get_serial_sequence('live_sessions', 'id')) as id`);
  const rows = (result as unknown as { rows: { id: string | number }[] }).rows;
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('nextval returned nothing');
  return Number(id);
}

/**
 * Product ids of each session in their sort order; with `onSaleOnly` only those a shopper may see
 * (on sale with at least one live SKU).
 */
export async function productIdsOf(db: Executor, sessionIds: readonly number[], onSaleOnly = false): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>(sessionIds.map((id) => [id, []]));
  if (sessionIds.length === 0) return out;
  const conditions = [inArray(liveSessionProducts.sessionId, [...sessionIds])];
  if (onSaleOnly) {
    conditions.push(eq(products.status, 'on_sale'));
    conditions.push(sql`exists (select 1 from ${skus} where ${skus.productId} = ${products.id} and ${skus.deletedAt} is null)`);
  }
  const rows = await db
    .select({ sessionId: liveSessionProducts.sessionId, productId: liveSessionProducts.productId })
    .from(liveSessionProducts)
    .innerJoin(products, eq(products.id, liveSessionProducts.productId))
    .where(and(...conditions))
    .orderBy(asc(liveSessionProducts.sessionId), asc(liveSessionProducts.sort));
  for (const row of rows) out.get(row.sessionId)?.push(row.productId);
  return out;
}

/** Replaces a session's product list; the order of `productIds` becomes the sort. */
export async function replaceSessionProducts(db: Executor, sessionId: number, productIds: readonly number[]): Promise<void> {
  await db.delete(liveSessionProducts).where(eq(liveSessionProducts.sessionId, sessionId));
  if (productIds.length === 0) return;
  await db.insert(liveSessionProducts).values(productIds.map((productId, sort) => ({ sessionId, productId, sort })));
}

/** Which of `ids` exist as products. */
export async function existingProductIds(db: Executor, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: products.id })
    .from(products)
    .where(inArray(products.id, [...ids]));
  return new Set(rows.map((row) => row.id));
}

export interface ShopProductCard {
  productId: number;
  title: string;
  images: string[];
  minPriceFen: number;
  publicPriceFen: number;
}

/**
 * On-sale products with their cheapest live SKU (private price, and that SKU's public price), for the
 * member's live page. Products without a live SKU are left out.
 */
export async function shopProductCards(db: Executor, productIds: readonly number[]): Promise<Map<number, ShopProductCard>> {
  const out = new Map<number, ShopProductCard>();
  if (productIds.length === 0) return out;
  const rows = await db
    .select({
      productId: products.id,
      title: products.title,
      images: products.images,
      privatePriceFen: skus.privatePriceFen,
      publicPriceFen: skus.publicPriceFen,
    })
    .from(products)
    .innerJoin(skus, and(eq(skus.productId, products.id), isNull(skus.deletedAt)))
    .where(and(inArray(products.id, [...productIds]), eq(products.status, 'on_sale')))
    .orderBy(asc(products.id), asc(skus.privatePriceFen), asc(skus.id));
  for (const row of rows) {
    if (out.has(row.productId)) continue; // rows are cheapest first per product
    out.set(row.productId, {
      productId: row.productId,
      title: row.title,
      images: row.images,
      minPriceFen: row.privatePriceFen,
      publicPriceFen: row.publicPriceFen,
    });
  }
  return out;
}

export async function findPromoCode(db: Executor, id: number, lock = false): Promise<PromoCodeRow | undefined> {
  const query = db.select().from(promoCodes).where(eq(promoCodes.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

/** A code by its text (stored upper-case) with its session. */
export async function findPromoCodeWithSession(db: Executor, code: string): Promise<{ codeRow: PromoCodeRow; session: LiveSessionRow } | undefined> {
  const [row] = await db.select().from(promoCodes).innerJoin(liveSessions, eq(liveSessions.id, promoCodes.sessionId)).where(eq(promoCodes.code, code));
  return row ? { codeRow: row.promo_codes, session: row.live_sessions } : undefined;
}

export async function promoCodesOf(db: Executor, sessionId: number): Promise<PromoCodeRow[]> {
  return db.select().from(promoCodes).where(eq(promoCodes.sessionId, sessionId)).orderBy(asc(promoCodes.id));
}
