import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { queryRows } from '../../lib/sql';
import type { EventConsumer } from '../events/consumers';
import type { DomainEvent, DomainEventType } from '../events/types';
import { refreshMemberFacts } from './facts';

export const MEMBER_FACTS_CONSUMER = 'member-facts';

const MEMBER_EVENTS: readonly DomainEventType[] = [
  'order.paid',
  'refund.succeeded',
  'order.completed',
  'order.cancelled',
  'touches.recorded',
  'member.registered',
  'member.attributed',
  'member.tier_changed',
  'member.address_changed',
];

const idList = (ids: readonly number[]) => `{${ids.map((id) => Math.trunc(id)).join(',')}}`;

/** The members a batch of events names: directly, through their orders, or through their touches. */
export async function membersOfEvents(db: Executor, events: DomainEvent[]): Promise<number[]> {
  const members = new Set<number>();
  const orderIds = new Set<number>();
  const touchIds = new Set<number>();
  for (const event of events) {
    if (event.memberId !== null) members.add(event.memberId);
    else if (event.orderId !== null) orderIds.add(event.orderId);
    if (event.type === 'touches.recorded') for (const id of (event as DomainEvent<'touches.recorded'>).payload.touchIds) touchIds.add(id);
  }
  if (orderIds.size > 0) {
    const rows = await queryRows<{ member_id: number }>(db, sql`select distinct member_id from orders where id = any(${idList([...orderIds])}::int[])`);
    for (const row of rows) members.add(Number(row.member_id));
  }
  if (touchIds.size > 0) {
    const rows = await queryRows<{ member_id: number }>(
      db,
      sql`select distinct member_id from touches where id = any(${idList([...touchIds])}::bigint[]) and member_id is not null`,
    );
    for (const row of rows) members.add(Number(row.member_id));
  }
  return [...members];
}

/**
 * Keeps member_facts current: each batch refreshes the members its events name, inside the consumer's
 * transaction (facts, lifecycle transition events and the cursor commit together). A replay recomputes
 * the same rows from the same sources: nothing doubles. Registered first in events/registry.ts (rule tags
 * and segments read the facts it writes).
 */
export const memberFactsConsumer: EventConsumer = {
  name: MEMBER_FACTS_CONSUMER,
  types: MEMBER_EVENTS,
  batchSize: 500,
  handle: async (db, events, { now }) => {
    await refreshMemberFacts(db, await membersOfEvents(db, events), now);
  },
};
