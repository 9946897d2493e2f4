export { appendEvent, appendEvents, countEvents, type NewDomainEvent } from './outbox';
export { consumeOnce, drainConsumer, startEventConsumers, type EventConsumer } from './consumers';
export { EVENT_CONSUMERS } from './registry';
export type { DomainEvent, DomainEventPayloads, DomainEventType } from './types';

import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { queryRows } from '../../lib/sql';
import { drainConsumer, type EventConsumer } from './consumers';
import { EVENT_CONSUMERS } from './registry';

/**
 * Runs `consumer` until it has passed every event committed when it was called; returns the events passed.
 * Transaction ids are cluster-wide: on a shared PostgreSQL server another database's open transaction holds
 * `pg_snapshot_xmin` back, so one pass may stop short of committed events; it passes again until they are
 * read (at most `timeoutMs`). Tests use it instead of waiting for the poller.
 */
export async function drainConsumerFully(db: Db, consumer: EventConsumer, now: () => Date = () => new Date(), timeoutMs = 20_000): Promise<number> {
  const [last] = await queryRows<{ id: string | null }>(db, sql`select max(id)::text as id from domain_events`);
  const lastId = last?.id === null || last?.id === undefined ? 0 : Number(last.id);
  const deadline = Date.now() + timeoutMs;
  let passed = 0;
  for (;;) {
    passed += await drainConsumer(db, consumer, now);
    const [behind] = await queryRows<{ behind: boolean }>(
      db,
      sql`select exists (select 1 from domain_events e left join event_cursors c on c.consumer = ${consumer.name}
          where e.id <= ${lastId} and (c.consumer is null or (e.tx_id, e.id) > (c.tx_id, c.event_id))) as behind`,
    );
    if (!behind?.behind) return passed;
    if (Date.now() > deadline) throw new Error(`event consumer ${consumer.name} did not catch up with the outbox`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Runs every registered consumer until each has passed every event committed when it was called. */
export async function drainAllConsumers(db: Db, now: () => Date = () => new Date(), timeoutMs = 20_000): Promise<void> {
  for (const consumer of EVENT_CONSUMERS) await drainConsumerFully(db, consumer, now, timeoutMs);
}
