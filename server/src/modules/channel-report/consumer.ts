import { sql } from 'drizzle-orm';
import { queryRows } from '../../lib/sql';
import type { Db, Executor } from '../../db/client';
import type { DomainEvent, EventConsumer } from '../events';
import {
  clearChannelStats,
  membersOfOrders,
  recomputeFactDays,
  recomputeTouchDays,
  refreshMemberFacts,
  refreshOrderFacts,
  refreshRefundFacts,
  touchDays,
} from './stats-repo';

export const CHANNEL_STATS_CONSUMER = 'channel-stats';

const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)];

/** What a batch of events makes stale: the source rows to copy again, and the touch days to recount. */
function staleOf(events: DomainEvent[]): { orderIds: number[]; refundIds: number[]; memberIds: number[]; touchIds: number[] } {
  const orderIds: number[] = [];
  const refundIds: number[] = [];
  const memberIds: number[] = [];
  const touchIds: number[] = [];
  for (const event of events) {
    if (event.type === 'touches.recorded') touchIds.push(...(event as DomainEvent<'touches.recorded'>).payload.touchIds);
    else if (event.type === 'refund.succeeded') refundIds.push((event as DomainEvent<'refund.succeeded'>).payload.refundId);
    else if (event.type === 'order.paid' && event.orderId !== null) orderIds.push(event.orderId);
    else if (event.memberId !== null) memberIds.push(event.memberId);
  }
  return { orderIds: unique(orderIds), refundIds: unique(refundIds), memberIds: unique(memberIds), touchIds: unique(touchIds) };
}

/**
 * Applies a batch: copies the facts of the orders, refunds and members it names from their source rows
 * (replacing what the roll-up held), then recomputes the days that changed. Replaying a batch copies the
 * same rows again and recomputes the same days: nothing doubles.
 */
export async function applyChannelStats(db: Executor, events: DomainEvent[]): Promise<void> {
  const stale = staleOf(events);
  const memberIds = unique([...stale.memberIds, ...(await membersOfOrders(db, stale.orderIds))]);
  const factDays = [
    ...(stale.orderIds.length > 0 ? await refreshOrderFacts(db, stale.orderIds) : []),
    ...(stale.refundIds.length > 0 ? await refreshRefundFacts(db, stale.refundIds) : []),
    ...(memberIds.length > 0 ? await refreshMemberFacts(db, memberIds) : []),
  ];
  await recomputeFactDays(db, unique(factDays).sort());
  await recomputeTouchDays(db, (await touchDays(db, stale.touchIds)).sort());
}

/** The roll-up consumer of the channel report (registered in events/registry.ts). */
export const channelStatsConsumer: EventConsumer = {
  name: CHANNEL_STATS_CONSUMER,
  types: ['touches.recorded', 'member.registered', 'member.attributed', 'order.paid', 'refund.succeeded'],
  batchSize: 500,
  handle: (db, events) => applyChannelStats(db, events),
};

/**
 * Recomputes the whole roll-up from the source tables, in one transaction that holds the consumer's
 * cursor row (no batch runs meanwhile). The consumer then goes on from its cursor; events it replays
 * recompute what the rebuild already wrote.
 */
export async function rebuildChannelStats(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`insert into event_cursors (consumer) values (${CHANNEL_STATS_CONSUMER}) on conflict (consumer) do nothing`);
    await tx.execute(sql`select 1 from event_cursors where consumer = ${CHANNEL_STATS_CONSUMER} for update`);
    await clearChannelStats(tx);
    await refreshOrderFacts(tx, null);
    await refreshRefundFacts(tx, null);
    await refreshMemberFacts(tx, null);
    await recomputeFactDays(tx, null);
    await recomputeTouchDays(tx, null);
  });
}

const STATS_BUILT_MARKER = 'channel_stats_built';

/**
 * At start: builds the roll-up from the source tables once per database (an app_meta marker). Orders, refunds
 * and members from before the outbox existed emitted no events; without this they would never be counted.
 * Returns whether it rebuilt. Two processes starting together may both rebuild: harmless (the cursor lock).
 */
export async function ensureChannelStatsBuilt(db: Db): Promise<boolean> {
  const [marker] = await queryRows<{ key: string }>(db, sql`select key from app_meta where key = ${STATS_BUILT_MARKER}`);
  if (marker) return false;
  await rebuildChannelStats(db);
  await db.execute(sql`insert into app_meta (key, value) values (${STATS_BUILT_MARKER}, 'true'::jsonb) on conflict (key) do nothing`);
  return true;
}
