import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client';
import type { AppDeps } from '../../deps';
import { queryRows } from '../../lib/sql';
import type { DomainEvent, DomainEventType } from './types';

/**
 * A consumer of the outbox. `handle` applies a batch inside the consumer's transaction (`db` is that
 * transaction): its writes and the cursor advance commit together, so a crash replays the batch and the
 * handler's unique keys (or the rolled-back writes) keep every effect exactly once.
 */
export interface EventConsumer {
  /** Unique, stable: the cursor's key. */
  name: string;
  /** Only these types are handed to `handle` (the cursor still moves past the others). */
  types: readonly DomainEventType[];
  batchSize?: number;
  handle(db: Executor, events: DomainEvent[], context: { now: Date }): Promise<void>;
}

interface EventRow {
  id: string;
  tx_id: string;
  type: DomainEventType;
  occurred_at: string | Date;
  member_id: number | null;
  order_id: number | null;
  payload: unknown;
}

/**
 * Applies the consumer to its next batch of events, in one transaction: locks its cursor row, reads the
 * events after it that are older than every running transaction (none can still appear behind the
 * cursor), hands the wanted ones to the handler and advances the cursor. Returns how many events it passed.
 */
export async function consumeOnce(db: Db, consumer: EventConsumer, now: Date): Promise<number> {
  const limit = consumer.batchSize ?? 500;
  return db.transaction(async (tx) => {
    await tx.execute(sql`insert into event_cursors (consumer) values (${consumer.name}) on conflict (consumer) do nothing`);
    const [cursor] = await queryRows<{ tx_id: string; event_id: string }>(
      tx,
      sql`select tx_id::text, event_id::text from event_cursors where consumer = ${consumer.name} for update`,
    );
    if (!cursor) return 0;
    // Ordered by the columns, not by the text aliases of the same names: in text order ('1000' < '999') a
    // full batch ends on an event whose predecessors it never read, and the cursor skips them for good.
    const rows = await queryRows<EventRow>(
      tx,
      sql`
      select id::text, tx_id::text, type, occurred_at, member_id, order_id, payload
      from domain_events
      where (tx_id, id) > (${Number(cursor.tx_id)}::bigint, ${Number(cursor.event_id)}::bigint)
        and tx_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
      order by domain_events.tx_id, domain_events.id
      limit ${limit}`,
    );
    if (rows.length === 0) return 0;
    const wanted = new Set<string>(consumer.types);
    const events: DomainEvent[] = rows
      .filter((row) => wanted.has(row.type))
      .map((row) => ({
        id: Number(row.id),
        txId: Number(row.tx_id),
        type: row.type,
        occurredAt: new Date(row.occurred_at),
        memberId: row.member_id,
        orderId: row.order_id,
        payload: row.payload as DomainEvent['payload'],
      }));
    if (events.length > 0) await consumer.handle(tx, events, { now });
    const last = rows[rows.length - 1]!;
    await tx.execute(
      sql`update event_cursors set tx_id = ${Number(last.tx_id)}, event_id = ${Number(last.id)}, updated_at = now() where consumer = ${consumer.name}`,
    );
    return rows.length;
  });
}

/** Runs the consumer until it has caught up with the outbox. Returns the events passed. */
export async function drainConsumer(db: Db, consumer: EventConsumer, now: () => Date = () => new Date()): Promise<number> {
  let total = 0;
  for (;;) {
    const passed = await consumeOnce(db, consumer, now());
    total += passed;
    if (passed === 0) return total;
  }
}

/**
 * Polls the outbox for every consumer every `intervalMs` (each consumer in turn; one run at a time per
 * process; several processes are safe, the cursor row lock orders them). Failures are logged and retried
 * on the next tick: the cursor has not moved.
 */
export function startEventConsumers(deps: AppDeps, consumers: readonly EventConsumer[], intervalMs = 1000): { stop(): Promise<void>; kick(): void } {
  let running: Promise<void> | null = null;
  const runOnce = async () => {
    for (const consumer of consumers) {
      try {
        await drainConsumer(deps.db, consumer, deps.now);
      } catch (error) {
        deps.logger.error({ err: error, consumer: consumer.name, run: crypto.randomUUID() }, 'event consumer failed');
      }
    }
  };
  const tick = () => {
    if (running) return;
    running = runOnce().finally(() => {
      running = null;
    });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    kick: tick,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
