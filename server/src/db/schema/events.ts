import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { updatedAt } from './columns';

/**
 * Domain events: the outbox every downstream consumer reads (architecture.md "Domain events"). An event is
 * inserted in the same transaction as the change it reports. `txId` is the inserting transaction's id:
 * consumers read in (txId, id) order and only below the oldest running transaction, so an event committed
 * late by a long transaction is never skipped (a bigserial alone would let a cursor pass it).
 */
export const domainEvents = pgTable(
  'domain_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    txId: bigint('tx_id', { mode: 'number' })
      .notNull()
      .default(sql`(pg_current_xact_id()::text::bigint)`),
    type: text('type').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    memberId: integer('member_id'),
    orderId: integer('order_id'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('domain_events_order_idx').on(t.txId, t.id)],
);

/** Each consumer's position in the outbox: the last (txId, id) it applied, advanced with its writes. */
export const eventCursors = pgTable('event_cursors', {
  consumer: text('consumer').primaryKey(),
  txId: bigint('tx_id', { mode: 'number' }).notNull().default(0),
  eventId: bigint('event_id', { mode: 'number' }).notNull().default(0),
  updatedAt: updatedAt(),
});
