import { sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client';
import { queryRows } from '../../lib/sql';
// From the files, not the index: the events registry imports this module (no import cycle).
import type { EventConsumer } from '../events/consumers';
import type { DomainEvent } from '../events/types';
import { addCohortMonths, rebuildCohortMonths } from '../reports/cohort-months';
import {
  clearCore,
  CORE_TABLES,
  membersOfOrders,
  recomputeDaily,
  refreshMemberDays,
  refreshMembers,
  refreshOrders,
  refreshRefunds,
  refreshVisitChannels,
  refreshVisits,
  visitKeysReceivedAt,
  type CoreTable,
  type VisitKey,
} from './stats-repo';

export const ANALYTICS_CORE_CONSUMER = 'analytics-core';

const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)];

/** What a batch makes stale: the members to refresh whole, the orders whose member to refresh, the visitor-days to recount. */
async function staleOf(db: Executor, events: DomainEvent[]): Promise<{ memberIds: number[]; visits: VisitKey[] }> {
  const memberIds: number[] = [];
  const orderIds: number[] = [];
  const visits = new Map<string, VisitKey>();
  const visit = (day: string, memberId: number | null, deviceId: string | null) => {
    if (memberId === null && deviceId === null) return;
    const key: VisitKey = { day, memberId, deviceId: memberId === null ? deviceId : null };
    visits.set(`${day}|${key.memberId ?? ''}|${key.deviceId ?? ''}`, key);
  };
  for (const event of events) {
    if (event.type === 'behaviour.recorded') {
      const payload = (event as DomainEvent<'behaviour.recorded'>).payload;
      if (payload.visits) for (const v of payload.visits) visit(v.day, v.memberId, v.deviceId);
      else for (const v of await visitKeysReceivedAt(db, event.occurredAt)) visit(v.day, v.memberId, v.deviceId);
    } else if (event.type === 'behaviour.merged') {
      const payload = (event as DomainEvent<'behaviour.merged'>).payload;
      for (const day of payload.days) {
        visit(day, null, payload.deviceId);
        visit(day, payload.memberId, null);
      }
    } else {
      if (event.memberId !== null) memberIds.push(event.memberId);
      if (event.orderId !== null) orderIds.push(event.orderId);
    }
  }
  return { memberIds: unique([...memberIds, ...(await membersOfOrders(db, unique(orderIds)))]).sort((a, b) => a - b), visits: [...visits.values()] };
}

/**
 * Applies a batch: copies the facts of the members it names from their source rows (orders, refunds,
 * members, then their days), recounts the visitor-days it names, and recomputes stats_daily for every day
 * that changed. Replaying a batch copies the same rows and recomputes the same days: nothing doubles.
 */
export async function applyAnalyticsCore(db: Executor, events: DomainEvent[]): Promise<void> {
  const stale = await staleOf(db, events);
  const days: string[] = [];
  if (stale.memberIds.length > 0) {
    await addCohortMonths(db, stale.memberIds, -1); // the cohort pre-aggregate: out with their old member-days…
    days.push(...(await refreshOrders(db, stale.memberIds)));
    days.push(...(await refreshRefunds(db, stale.memberIds)));
    days.push(...(await refreshMembers(db, stale.memberIds)));
    await refreshMemberDays(db, stale.memberIds);
    await addCohortMonths(db, stale.memberIds, 1); // …in with the new
    await refreshVisitChannels(db, stale.memberIds);
  }
  days.push(...(await refreshVisits(db, stale.visits)));
  await recomputeDaily(db, unique(days).sort());
}

/** The core roll-up's consumer (registered in events/registry.ts). Big batches: catch-up is set-based. */
export const analyticsCoreConsumer: EventConsumer = {
  name: ANALYTICS_CORE_CONSUMER,
  types: ['order.paid', 'refund.succeeded', 'order.cancelled', 'member.registered', 'member.attributed', 'behaviour.recorded', 'behaviour.merged'],
  batchSize: 2000,
  handle: (db, events) => applyAnalyticsCore(db, events),
};

/** Locks the consumer's cursor row (no batch runs until the transaction ends). */
async function lockCursor(tx: Executor): Promise<void> {
  await tx.execute(sql`insert into event_cursors (consumer) values (${ANALYTICS_CORE_CONSUMER}) on conflict (consumer) do nothing`);
  await tx.execute(sql`select 1 from event_cursors where consumer = ${ANALYTICS_CORE_CONSUMER} for update`);
}

/** Fills every core table from the source tables (inside the caller's transaction, under the cursor lock). */
async function rebuildInto(tx: Executor): Promise<void> {
  await clearCore(tx);
  await refreshOrders(tx, null);
  await refreshRefunds(tx, null);
  await refreshMembers(tx, null);
  await refreshMemberDays(tx, null);
  await rebuildCohortMonths(tx);
  await refreshVisits(tx, null);
  await recomputeDaily(tx, null);
}

/**
 * Recomputes the whole core roll-up from the source tables in one transaction that holds the consumer's
 * cursor row (no batch runs meanwhile). The consumer goes on from its cursor; events it replays recompute
 * what the rebuild already wrote.
 */
export async function rebuildAnalyticsCore(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await lockCursor(tx);
    await rebuildInto(tx);
  });
}

const BUILT_MARKER = 'analytics_core_built';

/**
 * At start (and so after the demo seed, which runs before it): builds the roll-up from the source tables once
 * per database (an app_meta marker) — rows from before the outbox emitted no events. Returns whether it built.
 */
export async function ensureAnalyticsBuilt(db: Db): Promise<boolean> {
  const [marker] = await queryRows<{ key: string }>(db, sql`select key from app_meta where key = ${BUILT_MARKER}`);
  if (marker) return false;
  await rebuildAnalyticsCore(db);
  await db.execute(sql`insert into app_meta (key, value) values (${BUILT_MARKER}, 'true'::jsonb) on conflict (key) do nothing`);
  return true;
}

/** Rows that differ per table between the roll-up and a rebuild (in either; 0 everywhere = identical). */
export type AnalyticsDiff = Record<CoreTable, number>;

class KeepNothing extends Error {}

/**
 * Rebuilds the roll-up from the source tables next to the current one and counts the differing rows per table
 * (`except all` both ways), under the cursor lock. With `replace` the rebuild is kept when something differs;
 * otherwise (and when nothing differs) the transaction rolls back and the tables stay as they were.
 */
export async function compareAnalyticsRebuild(db: Db, options: { replace?: boolean } = {}): Promise<{ diff: AnalyticsDiff; replaced: boolean }> {
  const diff = Object.fromEntries(CORE_TABLES.map((table) => [table, 0])) as AnalyticsDiff;
  let replaced = false;
  try {
    await db.transaction(async (tx) => {
      await lockCursor(tx);
      for (const table of CORE_TABLES) {
        await tx.execute(sql`create temp table ${sql.identifier(`prev_${table}`)} on commit drop as select * from ${sql.identifier(table)}`);
      }
      await rebuildInto(tx);
      for (const table of CORE_TABLES) {
        const now = sql.identifier(table);
        const prev = sql.identifier(`prev_${table}`);
        const [row] = await queryRows<{ n: number }>(
          tx,
          sql`select ((select count(*) from (select * from ${now} except all select * from ${prev}) a)
            + (select count(*) from (select * from ${prev} except all select * from ${now}) b))::int as n`,
        );
        diff[table] = Number(row?.n ?? 0);
      }
      replaced = options.replace === true && Object.values(diff).some((n) => n > 0);
      if (!replaced) throw new KeepNothing();
    });
  } catch (error) {
    if (!(error instanceof KeepNothing)) throw error;
  }
  return { diff, replaced };
}

/** When the roll-up was current: the occurred_at of the newest outbox event the consumer has passed, or null. */
export async function analyticsAsOf(db: Executor): Promise<Date | null> {
  const [row] = await queryRows<{ at: string | Date | null }>(
    db,
    sql`select e.occurred_at as at from event_cursors c join domain_events e on e.id = c.event_id where c.consumer = ${ANALYTICS_CORE_CONSUMER}`,
  );
  return row?.at ? new Date(row.at) : null;
}
