import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { inDayList, inIdList, queryRows, returningUnlessRebuild, shanghaiDaySql } from '../../lib/sql';

/*
 * The detail roll-up's SQL (issue 16, consumer `analytics-detail`). Facts (stats_order_lines,
 * stats_order_promotions, stats_lifecycle_changes) are copied from their source rows for the given ids (or all
 * rows, `null`), replacing what was there; the daily tables (stats_product_daily, stats_promotion_daily,
 * stats_category_gaps) are then recomputed for the keys that changed, from the facts. The consumer and the
 * rebuild run the same statements, so they can only differ when an event is missing.
 */

/**
 * `key in (…)` over text-encoded keys "day|id" or "day|kind|id", with `dayColumn in (their days)` first so the
 * day index narrows the rows.
 */
function inKeys(dayColumn: SQL, key: SQL, keys: readonly string[] | null): SQL {
  if (keys === null) return sql`true`;
  if (keys.length === 0) return sql`false`;
  const keyDays = unique(keys.map((value) => value.slice(0, 10)));
  return sql`${inDayList(dayColumn, keyDays)} and ${key} in (${sql.join(
    keys.map((value) => sql`${value}`),
    sql`, `,
  )})`;
}

const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)];

/** The orders of these refunds (a refund.succeeded names its refund; its order's lines changed). */
export async function ordersOfRefunds(db: Executor, refundIds: readonly number[]): Promise<number[]> {
  if (refundIds.length === 0) return [];
  const rows = await queryRows<{ order_id: number }>(db, sql`select distinct order_id from refunds where ${inIdList(sql`id`, refundIds)}`);
  return rows.map((row) => Number(row.order_id));
}

export interface LineChange {
  memberId: number;
  day: string;
  productId: number;
}

/**
 * Replaces the lines of these paid orders (null: all) from order_lines: category and role from the product,
 * cost = the SKU's cost price × quantity (null when the SKU is gone). Returns the (member, day, product) touched.
 */
export async function refreshOrderLines(db: Executor, orderIds: readonly number[] | null): Promise<LineChange[]> {
  type Row = { member_id: number; day: string; product_id: number };
  const cols = sql`member_id, paid_day::text as day, product_id`;
  const removed = await queryRows<Row>(
    db,
    sql`delete from stats_order_lines where ${inIdList(sql`order_id`, orderIds)} ${returningUnlessRebuild(orderIds, cols)}`,
  );
  const added = await queryRows<Row>(
    db,
    sql`
    insert into stats_order_lines (order_id, line_no, member_id, paid_day, product_id, sku_id, category_id, role, quantity, paid_fen,
      refunded_quantity, refunded_fen, cost_fen)
    select o.id, l.line_no, o.member_id, ${shanghaiDaySql(sql`o.paid_at`)}, l.product_id, l.sku_id, p.category_id, coalesce(p.role, 'profit'),
      l.quantity, l.payable_fen, l.refunded_quantity, l.refunded_fen, s.cost_price_fen * l.quantity
    from orders o
    join order_lines l on l.order_id = o.id
    left join products p on p.id = l.product_id
    left join skus s on s.id = l.sku_id
    where o.paid_at is not null and ${inIdList(sql`o.id`, orderIds)}
    ${returningUnlessRebuild(orderIds, cols)}`,
  );
  return [...removed, ...added].map((row) => ({ memberId: Number(row.member_id), day: row.day, productId: Number(row.product_id) }));
}

/**
 * Recomputes stats_product_daily for these "day|productId" keys (null: all) from stats_order_lines. cost_fen is
 * the cost of the units kept (cost × (quantity − refunded quantity)): the products report's margin is
 * sales − refunds − cost_fen.
 */
export async function recomputeProductDays(db: Executor, keys: readonly string[] | null): Promise<void> {
  if (keys !== null && keys.length === 0) return;
  await db.execute(sql`delete from stats_product_daily where ${inKeys(sql`day`, sql`(day::text || '|' || product_id::text)`, keys)}`);
  await db.execute(sql`
    insert into stats_product_daily (day, product_id, role, orders, quantity, paid_fen, refunded_quantity, refunded_fen, cost_fen)
    select paid_day, product_id, min(role), count(distinct order_id)::int, sum(quantity)::int, sum(paid_fen)::bigint, sum(refunded_quantity)::int,
      sum(refunded_fen)::bigint, coalesce(sum(cost_fen / quantity * (quantity - refunded_quantity)), 0)::bigint
    from stats_order_lines
    where ${inKeys(sql`paid_day`, sql`(paid_day::text || '|' || product_id::text)`, keys)}
    group by paid_day, product_id`);
}

/** The promotion an order's claim stands for: coupons by their template, the others by their own id. */
const CLAIM_PROMOTION = sql.raw(`case c.kind when 'coupon' then mc.template_id else c.ref_id end`);

/**
 * Replaces the promotions of these paid orders (null: all) from order_promotion_claims (what each order took
 * from a coupon, store promotion, promo code or flash sale, and its discount). Returns "day|kind|promotionId".
 */
export async function refreshOrderPromotions(db: Executor, orderIds: readonly number[] | null): Promise<string[]> {
  const cols = sql`(paid_day::text || '|' || kind || '|' || promotion_id::text) as key`;
  const removed = await queryRows<{ key: string }>(
    db,
    sql`delete from stats_order_promotions where ${inIdList(sql`order_id`, orderIds)} ${returningUnlessRebuild(orderIds, cols)}`,
  );
  const added = await queryRows<{ key: string }>(
    db,
    sql`
    insert into stats_order_promotions (order_id, kind, promotion_id, member_id, paid_day, discount_fen, order_paid_fen)
    select o.id, c.kind, ${CLAIM_PROMOTION}, o.member_id, ${shanghaiDaySql(sql`o.paid_at`)}, sum(c.discount_fen)::bigint, o.payable_fen
    from orders o
    join order_promotion_claims c on c.order_id = o.id
    left join member_coupons mc on c.kind = 'coupon' and mc.id = c.ref_id
    where o.paid_at is not null and c.kind in ('coupon', 'store_promotion', 'promo_code', 'flash_sale') and ${CLAIM_PROMOTION} is not null
      and ${inIdList(sql`o.id`, orderIds)}
    group by o.id, c.kind, ${CLAIM_PROMOTION}, o.member_id, o.paid_at, o.payable_fen
    ${returningUnlessRebuild(orderIds, cols)}`,
  );
  return unique([...removed, ...added].map((row) => row.key));
}

/** Recomputes stats_promotion_daily for these "day|kind|promotionId" keys (null: all) from stats_order_promotions. */
export async function recomputePromotionDays(db: Executor, keys: readonly string[] | null): Promise<void> {
  if (keys !== null && keys.length === 0) return;
  const key = sql`(day::text || '|' || kind || '|' || promotion_id::text)`;
  await db.execute(sql`delete from stats_promotion_daily where ${inKeys(sql`day`, key, keys)}`);
  await db.execute(sql`
    insert into stats_promotion_daily (day, kind, promotion_id, orders, buyers, gmv_fen, discount_fen)
    select paid_day, kind, promotion_id, count(*)::int, count(distinct member_id)::int, sum(order_paid_fen)::bigint, sum(discount_fen)::bigint
    from stats_order_promotions
    where ${inKeys(sql`paid_day`, sql`(paid_day::text || '|' || kind || '|' || promotion_id::text)`, keys)}
    group by paid_day, kind, promotion_id`);
}

/** The members of these orders (order.member_id never changes). */
export async function membersOfOrders(db: Executor, orderIds: readonly number[]): Promise<number[]> {
  if (orderIds.length === 0) return [];
  const rows = await queryRows<{ member_id: number }>(db, sql`select distinct member_id from orders where ${inIdList(sql`id`, orderIds)}`);
  return rows.map((row) => Number(row.member_id));
}

/** The repeat purchases of categories (per the later order's day, category and gap) made by these members, from stats_order_lines. */
function gapsOf(memberFilter: SQL): SQL {
  return sql`
    select day, category_id, gap, count(*)::int as repeats
    from (
      select paid_day as day, category_id,
        paid_day - lag(paid_day) over (partition by member_id, category_id order by paid_day, order_id) as gap
      from (select distinct member_id, category_id, order_id, paid_day from stats_order_lines where category_id is not null and ${memberFilter}) o
    ) g
    where gap is not null
    group by day, category_id, gap`;
}

/** These members' current repeat purchases as "day|categoryId|gap" → repeats. */
export async function memberGaps(db: Executor, memberIds: readonly number[]): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  if (memberIds.length === 0) return result;
  const rows = await queryRows<{ day: string; category_id: number; gap: number; repeats: number }>(
    db,
    sql`select day::text as day, category_id, gap, repeats from (${gapsOf(inIdList(sql`member_id`, memberIds))}) x`,
  );
  for (const row of rows) result.set(`${row.day}|${Number(row.category_id)}|${Number(row.gap)}`, Number(row.repeats));
  return result;
}

/**
 * Moves stats_category_gaps from the changed members' repeat purchases before a refresh to theirs after it
 * (each member's gaps depend on their own lines only): repeats += after − before, rows left at 0 deleted.
 * A replay finds before = after and changes nothing.
 */
export async function applyGapChanges(db: Executor, before: Map<string, number>, after: Map<string, number>): Promise<void> {
  const deltas: { day: string; categoryId: number; gap: number; delta: number }[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const delta = (after.get(key) ?? 0) - (before.get(key) ?? 0);
    if (delta === 0) continue;
    const [day, categoryId, gap] = key.split('|') as [string, string, string];
    deltas.push({ day, categoryId: Number(categoryId), gap: Number(gap), delta });
  }
  if (deltas.length === 0) return;
  const values = sql.join(
    deltas.map((row) => sql`(${row.day}::date, ${row.categoryId}::int, ${row.gap}::int, ${row.delta}::int)`),
    sql`, `,
  );
  await db.execute(sql`
    insert into stats_category_gaps (day, category_id, gap_days, repeats)
    select day, category_id, gap, delta from (values ${values}) v(day, category_id, gap, delta)
    on conflict (day, category_id, gap_days) do update set repeats = stats_category_gaps.repeats + excluded.repeats`);
  await db.execute(sql`
    delete from stats_category_gaps g using (values ${values}) v(day, category_id, gap, delta)
    where g.day = v.day and g.category_id = v.category_id and g.gap_days = v.gap and g.repeats = 0`);
}

/** Recomputes stats_category_gaps from stats_order_lines (the rebuild; the consumer moves it by applyGapChanges). */
export async function recomputeCategoryGaps(db: Executor): Promise<void> {
  await db.execute(sql`delete from stats_category_gaps`);
  await db.execute(
    sql`insert into stats_category_gaps (day, category_id, gap_days, repeats) select day, category_id, gap, repeats from (${gapsOf(sql`true`)}) x`,
  );
}

/** Copies these member.lifecycle_changed events (null: all in the outbox) into stats_lifecycle_changes. */
export async function refreshLifecycleChanges(db: Executor, eventIds: readonly number[] | null): Promise<void> {
  await db.execute(sql`
    insert into stats_lifecycle_changes (event_id, member_id, month, from_stage, to_stage)
    select e.id, e.member_id, date_trunc('month', ${shanghaiDaySql(sql`e.occurred_at`)})::date, coalesce(e.payload->>'from', ''), coalesce(e.payload->>'to', '')
    from domain_events e
    where e.type = 'member.lifecycle_changed' and e.member_id is not null and ${inIdList(sql`e.id`, eventIds)}
    on conflict (event_id) do update set member_id = excluded.member_id, month = excluded.month, from_stage = excluded.from_stage,
      to_stage = excluded.to_stage`);
}

/** The tables of this roll-up, facts first. */
export const DETAIL_TABLES = [
  'stats_order_lines',
  'stats_order_promotions',
  'stats_lifecycle_changes',
  'stats_product_daily',
  'stats_promotion_daily',
  'stats_category_gaps',
] as const;

/** Empties the roll-up (the rebuild starts from nothing). */
export async function clearAnalyticsDetail(db: Executor): Promise<void> {
  for (const table of DETAIL_TABLES) await db.execute(sql.raw(`delete from ${table}`));
}
