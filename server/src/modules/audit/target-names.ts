import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client';
import {
  categories,
  couponTemplates,
  flashSales,
  liveSessions,
  members,
  orders,
  pointsMallItems,
  products,
  promoCodes,
  refunds,
  shippingTemplates,
  skus,
  staff,
  storePromotions,
} from '../../db/schema';

/**
 * Names of audit targets, so the log reads "商品 低脂牛奶" rather than "product #12". Read-only look-ups
 * by primary key, one query per target type on a page; a deleted target keeps its id only.
 */
type NameQuery = (db: Executor, ids: number[]) => Promise<{ id: number; name: string }[]>;

function byColumn(table: PgTable & { id: PgColumn }, name: PgColumn | SQL): NameQuery {
  return (db, ids) =>
    db
      .select({ id: table.id, name: sql<string>`${name}` })
      .from(table)
      .where(inArray(table.id, ids)) as Promise<{ id: number; name: string }[]>;
}

const SKU_NAME = sql<string>`${products.title} || ' · ' || (select string_agg(value, '/' order by key) from jsonb_each_text(${skus.specs}))`;

const NAME_QUERIES: Readonly<Record<string, NameQuery>> = {
  staff: byColumn(staff, staff.displayName),
  member: byColumn(members, members.nickname),
  category: byColumn(categories, categories.name),
  product: byColumn(products, products.title),
  sku: (db, ids) => db.select({ id: skus.id, name: SKU_NAME }).from(skus).innerJoin(products, eq(products.id, skus.productId)).where(inArray(skus.id, ids)),
  order: byColumn(orders, orders.orderNo),
  refund: (db, ids) =>
    db
      .select({ id: refunds.id, name: sql<string>`'订单 ' || ${orders.orderNo}` })
      .from(refunds)
      .innerJoin(orders, eq(orders.id, refunds.orderId))
      .where(inArray(refunds.id, ids)),
  coupon_template: byColumn(couponTemplates, couponTemplates.name),
  store_promotion: byColumn(storePromotions, storePromotions.name),
  live_session: byColumn(liveSessions, liveSessions.title),
  promo_code: byColumn(promoCodes, promoCodes.code),
  flash_sale: byColumn(flashSales, flashSales.title),
  points_mall_item: byColumn(pointsMallItems, pointsMallItems.title),
  shipping_template: byColumn(shippingTemplates, shippingTemplates.name),
};

const INT4_ID = /^[1-9]\d{0,9}$/;

/** `targetType:targetId` → name for the targets of these audit rows that still exist and have a name. */
export async function auditTargetNames(db: Executor, rows: readonly { targetType: string; targetId: string | null }[]): Promise<Map<string, string>> {
  const idsByType = new Map<string, Set<number>>();
  for (const { targetType, targetId } of rows) {
    if (!targetId || !INT4_ID.test(targetId) || Number(targetId) > 2_147_483_647 || !NAME_QUERIES[targetType]) continue;
    idsByType.set(targetType, (idsByType.get(targetType) ?? new Set()).add(Number(targetId)));
  }
  const names = new Map<string, string>();
  for (const [targetType, ids] of idsByType) {
    const query = NAME_QUERIES[targetType];
    if (!query) continue;
    for (const { id, name } of await query(db, [...ids])) if (name) names.set(`${targetType}:${id}`, name);
  }
  return names;
}
