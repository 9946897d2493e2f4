import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { domainEvents } from '../../db/schema';
import { queryRows } from '../../lib/sql';
import type { DomainEventPayloads, DomainEventType } from './types';

export interface NewDomainEvent<T extends DomainEventType> {
  type: T;
  occurredAt: Date;
  memberId?: number | null;
  orderId?: number | null;
  payload: DomainEventPayloads[T];
}

/**
 * Appends events to the outbox. Call it with the transaction that makes the change (`tx.db`): the event
 * exists exactly when the change does.
 */
export async function appendEvents<T extends DomainEventType>(db: Executor, events: NewDomainEvent<T>[]): Promise<void> {
  if (events.length === 0) return;
  await db.insert(domainEvents).values(
    events.map((event) => ({
      type: event.type,
      occurredAt: event.occurredAt,
      memberId: event.memberId ?? null,
      orderId: event.orderId ?? null,
      payload: event.payload as Record<string, unknown>,
    })),
  );
}

/** Appends one event (see appendEvents). */
export async function appendEvent<T extends DomainEventType>(db: Executor, event: NewDomainEvent<T>): Promise<void> {
  await appendEvents(db, [event]);
}

/** The outbox's size: how many events exist (tests and the bench). */
export async function countEvents(db: Executor, type?: DomainEventType): Promise<number> {
  const [row] = await queryRows<{ n: string }>(
    db,
    type ? sql`select count(*)::text as n from domain_events where type = ${type}` : sql`select count(*)::text as n from domain_events`,
  );
  return Number(row?.n ?? 0);
}
