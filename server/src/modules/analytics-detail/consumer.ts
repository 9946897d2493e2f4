import { sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client';
import { queryRows } from '../../lib/sql';
import type { DomainEvent, EventConsumer } from '../events';
import {
  applyGapChanges,
  clearAnalyticsDetail,
  DETAIL_TABLES,
  memberGaps,
  membersOfOrders,
  ordersOfRefunds,
  recomputeCategoryGaps,
  recomputeProductDays,
  recomputePromotionDays,
  refreshLifecycleChanges,
  refreshOrderLines,
  refreshOrderPromotions,
} from './stats-repo';

export const ANALYTICS_DETAIL_CONSUMER = 'analytics-detail';

const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)];

/** What a batch makes stale: the orders to copy again and the lifecycle events to copy. */
function staleOf(events: DomainEvent[]): { orderIds: number[]; refundIds: number[]; lifecycleEventIds: number[] } {
  const orderIds: number[] = [];
  const refundIds: number[] = [];
  const lifecycleEventIds: number[] = [];
  for (const event of events) {
    if (event.type === 'member.lifecycle_changed') lifecycleEventIds.push(event.id);
    else if (event.type === 'refund.succeeded') {
      refundIds.push((event as DomainEvent<'refund.succeeded'>).payload.refundId);
      if (event.orderId !== null) orderIds.push(event.orderId);
    } else if (event.orderId !== null) orderIds.push(event.orderId);
  }
  return { orderIds: unique(orderIds), refundIds: unique(refundIds), lifecycleEventIds: unique(lifecycleEventIds) };
}

/**
 * Applies a batch: copies the lines and promotions of the orders it names from their source rows, recomputes
 * the product and promotion days and the category gaps those changes can move, and copies the lifecycle
 * changes. Replaying a batch copies the same rows and recomputes the same keys: nothing doubles.
 */
export async function applyAnalyticsDetail(db: Executor, events: DomainEvent[]): Promise<void> {
  const stale = staleOf(events);
  const orderIds = unique([...stale.orderIds, ...(await ordersOfRefunds(db, stale.refundIds))]);
  if (orderIds.length > 0) {
    const memberIds = await membersOfOrders(db, orderIds);
    const gapsBefore = await memberGaps(db, memberIds);
    const lineChanges = await refreshOrderLines(db, orderIds);
    await recomputeProductDays(db, unique(lineChanges.map((change) => `${change.day}|${change.productId}`)).sort());
    await recomputePromotionDays(db, (await refreshOrderPromotions(db, orderIds)).sort());
    await applyGapChanges(db, gapsBefore, await memberGaps(db, memberIds));
  }
  if (stale.lifecycleEventIds.length > 0) await refreshLifecycleChanges(db, stale.lifecycleEventIds);
}

/** The detail roll-up consumer (registered in events/registry.ts). */
export const analyticsDetailConsumer: EventConsumer = {
  name: ANALYTICS_DETAIL_CONSUMER,
  types: ['order.paid', 'order.cancelled', 'refund.succeeded', 'member.lifecycle_changed'],
  batchSize: 500,
  handle: (db, events) => applyAnalyticsDetail(db, events),
};

/** Recomputes every table of the roll-up from the source tables (inside the caller's transaction). */
async function rebuildInto(tx: Executor): Promise<void> {
  await tx.execute(sql`insert into event_cursors (consumer) values (${ANALYTICS_DETAIL_CONSUMER}) on conflict (consumer) do nothing`);
  await tx.execute(sql`select 1 from event_cursors where consumer = ${ANALYTICS_DETAIL_CONSUMER} for update`);
  await clearAnalyticsDetail(tx);
  await refreshOrderLines(tx, null);
  await refreshOrderPromotions(tx, null);
  await refreshLifecycleChanges(tx, null);
  await recomputeProductDays(tx, null);
  await recomputePromotionDays(tx, null);
  await recomputeCategoryGaps(tx);
}

/**
 * Recomputes the whole roll-up from the source tables, in one transaction that holds the consumer's cursor
 * row (no batch runs meanwhile). The consumer then goes on from its cursor; events it replays recompute what
 * the rebuild already wrote. Lifecycle changes come from the outbox's member.lifecycle_changed events.
 */
export async function rebuildAnalyticsDetail(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await rebuildInto(tx);
  });
}

export interface DetailDifference {
  table: (typeof DETAIL_TABLES)[number];
  /** Rows the roll-up holds that a rebuild would not write. */
  onlyInRollup: number;
  /** Rows a rebuild writes that the roll-up lacks (or holds with other figures). */
  onlyInRebuild: number;
}

class CompareDone extends Error {
  constructor(readonly differences: DetailDifference[]) {
    super('compare done');
  }
}

/**
 * The nightly check: rebuilds into the same tables inside a transaction (under the cursor lock), compares every
 * table with what the roll-up held (EXCEPT both ways), and rolls the rebuild back. An empty list means they
 * are equal; the caller may then call rebuildAnalyticsDetail to repair a difference.
 */
export async function compareAnalyticsDetail(db: Db): Promise<DetailDifference[]> {
  try {
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into event_cursors (consumer) values (${ANALYTICS_DETAIL_CONSUMER}) on conflict (consumer) do nothing`);
      await tx.execute(sql`select 1 from event_cursors where consumer = ${ANALYTICS_DETAIL_CONSUMER} for update`);
      for (const table of DETAIL_TABLES) await tx.execute(sql.raw(`create temp table cmp_${table} on commit drop as select * from ${table}`));
      await rebuildInto(tx);
      const differences: DetailDifference[] = [];
      for (const table of DETAIL_TABLES) {
        const [row] = await queryRows<{ only_rollup: number; only_rebuild: number }>(
          tx,
          sql.raw(`select (select count(*) from (select * from cmp_${table} except all select * from ${table}) a)::int as only_rollup,
            (select count(*) from (select * from ${table} except all select * from cmp_${table}) b)::int as only_rebuild`),
        );
        const onlyInRollup = Number(row?.only_rollup ?? 0);
        const onlyInRebuild = Number(row?.only_rebuild ?? 0);
        if (onlyInRollup > 0 || onlyInRebuild > 0) differences.push({ table, onlyInRollup, onlyInRebuild });
      }
      throw new CompareDone(differences);
    });
  } catch (error) {
    if (error instanceof CompareDone) return error.differences;
    throw error;
  }
  throw new Error('compareAnalyticsDetail: the transaction did not roll back');
}

const DETAIL_BUILT_MARKER = 'analytics_detail_built';

/**
 * At start: builds the roll-up from the source tables once per database (an app_meta marker): orders paid
 * before this consumer existed emitted their events long ago. Returns whether it rebuilt.
 */
export async function ensureAnalyticsDetailBuilt(db: Db): Promise<boolean> {
  const [marker] = await queryRows<{ key: string }>(db, sql`select key from app_meta where key = ${DETAIL_BUILT_MARKER}`);
  if (marker) return false;
  await rebuildAnalyticsDetail(db);
  await db.execute(sql`insert into app_meta (key, value) values (${DETAIL_BUILT_MARKER}, 'true'::jsonb) on conflict (key) do nothing`);
  return true;
}
