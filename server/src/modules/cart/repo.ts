import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { CART_MAX_LINES, CART_MAX_QUANTITY, tierCodeSchema, toFen, type Fen, type PricingMember, type TierCode } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { cartItems, members, products, skus, skuTierPrices } from '../../db/schema';

/** SQL for the most one line of SKU `s` may hold: stock, purchase limit and the cart cap. */
const LINE_CAP = sql.raw(`least(s.stock, coalesce(s.purchase_limit, ${CART_MAX_QUANTITY}), ${CART_MAX_QUANTITY})`);

function rowsOf(result: unknown): Record<string, unknown>[] {
  const rows = (result as { rows?: unknown }).rows;
  if (!Array.isArray(rows)) throw new Error('unexpected query result');
  return rows as Record<string, unknown>[];
}

/**
 * Serializes the cart writes of one member (the line cap counts lines, which no row lock covers).
 * NO KEY UPDATE does not block the key-share locks that cart_items' foreign key takes.
 */
export async function lockMemberCart(db: Executor, memberId: number): Promise<boolean> {
  const rows = await db.select({ id: members.id }).from(members).where(eq(members.id, memberId)).for('no key update');
  return rows.length > 0;
}

export interface UpsertLine {
  memberId: number;
  skuId: number;
  quantity: number;
  now: Date;
  /**
   * strict: all or nothing; the line's new quantity must fit stock, limit and cap, else nothing changes.
   * clamp: the new quantity is cut to what fits (guest cart merge); nothing changes only when nothing fits.
   */
  mode: 'strict' | 'clamp';
}

/**
 * Adds to a member's line of a live, on-sale SKU in one statement. The limits are conditions of the
 * statement itself (conditional insert + conditional ON CONFLICT update on the unique (member, sku)
 * key), so parallel adds can neither exceed stock or purchase limit nor create a second line.
 * Returns the line's quantity afterwards, or null when the SKU or the limits refused it.
 */
export async function upsertLine(db: Executor, line: UpsertLine): Promise<number | null> {
  const { memberId, skuId, quantity, now, mode } = line;
  const isStrict = mode === 'strict';
  const inserted = isStrict ? sql`${quantity}::int` : sql`least(${quantity}::int, ${LINE_CAP})`;
  const fits = isStrict ? sql`${quantity}::int <= ${LINE_CAP}` : sql`${LINE_CAP} >= 1`;
  const updated = isStrict
    ? sql`cart_items.quantity + excluded.quantity`
    : sql`least(cart_items.quantity + ${quantity}::int, (select ${LINE_CAP} from skus s where s.id = excluded.sku_id))`;
  const updateWhere = isStrict ? sql`where cart_items.quantity + excluded.quantity <= (select ${LINE_CAP} from skus s where s.id = excluded.sku_id)` : sql``;
  const result = await db.execute(sql`
    insert into cart_items (member_id, sku_id, quantity, is_selected, created_at, updated_at)
    select ${memberId}::int, s.id, ${inserted}, true, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
    from skus s join products p on p.id = s.product_id
    where s.id = ${skuId}::int and s.deleted_at is null and p.status = 'on_sale' and ${fits}
      and (
        (select count(*) from cart_items c where c.member_id = ${memberId}::int) < ${CART_MAX_LINES}
        or exists (select 1 from cart_items c where c.member_id = ${memberId}::int and c.sku_id = ${skuId}::int)
      )
    on conflict (member_id, sku_id) do update
      set quantity = ${updated}, is_selected = true, updated_at = excluded.updated_at
      ${updateWhere}
    returning quantity`);
  const [row] = rowsOf(result);
  return row ? Number(row.quantity) : null;
}

/** Sets a line's quantity when it fits the SKU's stock, limit and cap and the SKU is still on sale. */
export async function setLineQuantity(db: Executor, memberId: number, skuId: number, quantity: number, now: Date): Promise<boolean> {
  const result = await db.execute(sql`
    update cart_items set quantity = ${quantity}::int, updated_at = ${now.toISOString()}::timestamptz
    from skus s join products p on p.id = s.product_id
    where cart_items.member_id = ${memberId}::int and cart_items.sku_id = ${skuId}::int and s.id = cart_items.sku_id
      and s.deleted_at is null and p.status = 'on_sale' and ${quantity}::int <= ${LINE_CAP}
    returning cart_items.id`);
  return rowsOf(result).length > 0;
}

export async function setLineSelected(db: Executor, memberId: number, skuId: number, isSelected: boolean, now: Date): Promise<boolean> {
  const rows = await db
    .update(cartItems)
    .set({ isSelected, updatedAt: now })
    .where(and(eq(cartItems.memberId, memberId), eq(cartItems.skuId, skuId)))
    .returning({ id: cartItems.id });
  return rows.length > 0;
}

export async function setAllSelected(db: Executor, memberId: number, isSelected: boolean, now: Date): Promise<void> {
  await db.update(cartItems).set({ isSelected, updatedAt: now }).where(eq(cartItems.memberId, memberId));
}

export async function deleteLine(db: Executor, memberId: number, skuId: number): Promise<boolean> {
  const rows = await db
    .delete(cartItems)
    .where(and(eq(cartItems.memberId, memberId), eq(cartItems.skuId, skuId)))
    .returning({ id: cartItems.id });
  return rows.length > 0;
}

/** The quantity of a member's line, or 0 without one. */
export async function lineQuantity(db: Executor, memberId: number, skuId: number): Promise<number> {
  const [row] = await db
    .select({ quantity: cartItems.quantity })
    .from(cartItems)
    .where(and(eq(cartItems.memberId, memberId), eq(cartItems.skuId, skuId)));
  return row?.quantity ?? 0;
}

export async function countLines(db: Executor, memberId: number): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(cartItems)
    .where(eq(cartItems.memberId, memberId));
  return Number(row?.count ?? 0);
}

/** Whether a SKU can be sold and how many (undefined when no such SKU row exists). */
export interface SkuSaleRow {
  isLive: boolean;
  isOnSale: boolean;
  stock: number;
  purchaseLimit: number | null;
  minTier: TierCode | null;
}

export async function skuSaleRow(db: Executor, skuId: number): Promise<SkuSaleRow | undefined> {
  const [row] = await db
    .select({ deletedAt: skus.deletedAt, status: products.status, stock: skus.stock, purchaseLimit: skus.purchaseLimit, minTier: skus.minTier })
    .from(skus)
    .innerJoin(products, eq(products.id, skus.productId))
    .where(eq(skus.id, skuId));
  if (!row) return undefined;
  return {
    isLive: row.deletedAt === null,
    isOnSale: row.status === 'on_sale',
    stock: row.stock,
    purchaseLimit: row.purchaseLimit,
    minTier: row.minTier === null ? null : tierCodeSchema.parse(row.minTier),
  };
}

/** One cart line joined with its SKU and product, prices as fen. */
export interface CartRow {
  skuId: number;
  productId: number;
  quantity: number;
  isSelected: boolean;
  title: string;
  images: string[];
  specs: Record<string, string>;
  publicPriceFen: Fen;
  privatePriceFen: Fen;
  tierPrices: Partial<Record<TierCode, Fen>>;
  stock: number;
  purchaseLimit: number | null;
  isOnSale: boolean;
  /** Exclusive SKU: the lowest tier that may buy it (null: every tier). */
  minTier: TierCode | null;
}

/** The member's lines, newest first, with everything needed to price and check them. */
export async function cartRows(db: Executor, memberId: number): Promise<CartRow[]> {
  const rows = await db
    .select({
      skuId: cartItems.skuId,
      quantity: cartItems.quantity,
      isSelected: cartItems.isSelected,
      productId: skus.productId,
      specs: skus.specs,
      publicPriceFen: skus.publicPriceFen,
      privatePriceFen: skus.privatePriceFen,
      stock: skus.stock,
      purchaseLimit: skus.purchaseLimit,
      minTier: skus.minTier,
      deletedAt: skus.deletedAt,
      title: products.title,
      images: products.images,
      status: products.status,
    })
    .from(cartItems)
    .innerJoin(skus, eq(skus.id, cartItems.skuId))
    .innerJoin(products, eq(products.id, skus.productId))
    .where(eq(cartItems.memberId, memberId))
    .orderBy(desc(cartItems.id));
  const tiers = await tierPricesOf(
    db,
    rows.map((row) => row.skuId),
  );
  return rows.map(({ deletedAt, status, ...row }) => ({
    ...row,
    publicPriceFen: toFen(row.publicPriceFen),
    privatePriceFen: toFen(row.privatePriceFen),
    tierPrices: tiers.get(row.skuId) ?? {},
    isOnSale: deletedAt === null && status === 'on_sale',
    minTier: row.minTier === null ? null : tierCodeSchema.parse(row.minTier),
  }));
}

async function tierPricesOf(db: Executor, skuIds: readonly number[]): Promise<Map<number, Partial<Record<TierCode, Fen>>>> {
  const bySku = new Map<number, Partial<Record<TierCode, Fen>>>();
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

/** The member as the pricing code sees them (null when the member is gone). */
export async function pricingMemberOf(db: Executor, memberId: number): Promise<PricingMember> {
  const [row] = await db.select({ tierCode: members.tierCode }).from(members).where(eq(members.id, memberId));
  return row ? { tierCode: tierCodeSchema.parse(row.tierCode) } : null;
}
