import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { memberSkuPurchases, orderEvents, orderLines, orders, products, skus, skuTierPrices, stockMovements } from '../../db/schema';

export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;

/** A SKU as checkout needs it: prices, stock, limit, and its product's state. */
export interface CheckoutSku {
  skuId: number;
  productId: number;
  categoryId: number;
  title: string;
  image: string | null;
  specs: Record<string, string>;
  productStatus: string;
  isDeleted: boolean;
  publicPriceFen: number;
  privatePriceFen: number;
  stock: number;
  purchaseLimit: number | null;
  /** Exclusive SKU: only members at or above this tier may buy it. */
  minTier: string | null;
  tierPrices: Record<string, number>;
}

/** Loads the SKUs of a cart with their products and tier prices (two queries). */
export async function loadCheckoutSkus(db: Executor, skuIds: number[]): Promise<Map<number, CheckoutSku>> {
  const rows = await db
    .select({
      sku: skus,
      product: { id: products.id, categoryId: products.categoryId, title: products.title, images: products.images, status: products.status },
    })
    .from(skus)
    .innerJoin(products, eq(products.id, skus.productId))
    .where(inArray(skus.id, skuIds));
  const tiers = await db.select().from(skuTierPrices).where(inArray(skuTierPrices.skuId, skuIds));
  const result = new Map<number, CheckoutSku>();
  for (const { sku, product } of rows) {
    result.set(sku.id, {
      skuId: sku.id,
      productId: product.id,
      categoryId: product.categoryId,
      title: product.title,
      image: product.images[0] ?? null,
      specs: sku.specs,
      productStatus: product.status,
      isDeleted: sku.deletedAt !== null,
      publicPriceFen: sku.publicPriceFen,
      privatePriceFen: sku.privatePriceFen,
      stock: sku.stock,
      purchaseLimit: sku.purchaseLimit,
      minTier: sku.minTier,
      tierPrices: Object.fromEntries(tiers.filter((tier) => tier.skuId === sku.id).map((tier) => [tier.tierCode, tier.priceFen])),
    });
  }
  return result;
}

/** Takes `quantity` units if available (one conditional UPDATE); the stock left, or null when short. */
export async function takeStock(db: Executor, skuId: number, quantity: number, now: Date): Promise<number | null> {
  const [row] = await db
    .update(skus)
    .set({ stock: sql`${skus.stock} - ${quantity}`, updatedAt: now })
    .where(and(eq(skus.id, skuId), isNull(skus.deletedAt), sql`${skus.stock} >= ${quantity}`))
    .returning({ stock: skus.stock });
  return row ? row.stock : null;
}

/** Returns units to stock, once per source key (a replayed release moves nothing). */
export async function returnStock(db: Executor, skuId: number, quantity: number, sourceKey: string, reason: string, now: Date): Promise<void> {
  const [movement] = await db
    .insert(stockMovements)
    .values({ skuId, delta: quantity, stockAfter: 0, reason, sourceKey, createdAt: now })
    .onConflictDoNothing({ target: stockMovements.sourceKey })
    .returning({ id: stockMovements.id });
  if (!movement) return;
  const [row] = await db
    .update(skus)
    .set({ stock: sql`${skus.stock} + ${quantity}`, updatedAt: now })
    .where(eq(skus.id, skuId))
    .returning({ stock: skus.stock });
  await db
    .update(stockMovements)
    .set({ stockAfter: row?.stock ?? 0 })
    .where(eq(stockMovements.id, movement.id));
}

/**
 * Adds `quantity` to the member's live units of a SKU unless that passes `limit` — enforced in the
 * upsert's WHERE, so parallel orders cannot pass the limit together. False when over the limit.
 */
export async function claimPurchaseQuota(db: Executor, memberId: number, skuId: number, quantity: number, limit: number | null): Promise<boolean> {
  if (limit !== null && quantity > limit) return false;
  const rows = await db
    .insert(memberSkuPurchases)
    .values({ memberId, skuId, quantity })
    .onConflictDoUpdate({
      target: [memberSkuPurchases.memberId, memberSkuPurchases.skuId],
      set: { quantity: sql`${memberSkuPurchases.quantity} + excluded.quantity` },
      ...(limit === null ? {} : { setWhere: sql`${memberSkuPurchases.quantity} + excluded.quantity <= ${limit}` }),
    })
    .returning({ quantity: memberSkuPurchases.quantity });
  return rows.length > 0;
}

/** Gives back units of quota (cancel, refund). */
export async function releasePurchaseQuota(db: Executor, memberId: number, skuId: number, quantity: number): Promise<void> {
  await db
    .update(memberSkuPurchases)
    .set({ quantity: sql`greatest(${memberSkuPurchases.quantity} - ${quantity}, 0)` })
    .where(and(eq(memberSkuPurchases.memberId, memberId), eq(memberSkuPurchases.skuId, skuId)));
}

export async function findOrderLines(db: Executor, orderId: number): Promise<OrderLineRow[]> {
  return db.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.lineNo));
}

/** A page of orders with their lines, in two queries (not one per order). */
export async function withOrderLines(db: Executor, rows: OrderRow[]): Promise<{ row: OrderRow; lines: OrderLineRow[] }[]> {
  if (rows.length === 0) return [];
  const lines = await db
    .select()
    .from(orderLines)
    .where(
      inArray(
        orderLines.orderId,
        rows.map((row) => row.id),
      ),
    )
    .orderBy(asc(orderLines.orderId), asc(orderLines.lineNo));
  return rows.map((row) => ({ row, lines: lines.filter((line) => line.orderId === row.id) }));
}

export interface OrderEventInput {
  orderId: number;
  type: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  actorType: 'member' | 'staff' | 'system' | 'wechat';
  actorId?: string | number | null;
  data?: unknown;
  now: Date;
}

/** Appends to the order's timeline. */
export async function addOrderEvent(db: Executor, event: OrderEventInput): Promise<void> {
  await db.insert(orderEvents).values({
    orderId: event.orderId,
    type: event.type,
    fromStatus: event.fromStatus ?? null,
    toStatus: event.toStatus ?? null,
    actorType: event.actorType,
    actorId: event.actorId === undefined || event.actorId === null ? null : String(event.actorId),
    data: event.data ?? null,
    createdAt: event.now,
  });
}

export { orders };
