import type { BehaviourEventsBody } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { appendEvent } from '../events/outbox';
import { insertBehaviourEvents, type NewBehaviourEventRow } from './repo';

/** A client's `at` is kept only within this past span (queued views); anything else takes the server's clock. */
const CLIENT_CLOCK_SPAN_MS = 24 * 3600_000;

function occurredAtOf(at: string | undefined, now: Date): Date {
  if (at === undefined) return now;
  const time = new Date(at).getTime();
  return time <= now.getTime() && time >= now.getTime() - CLIENT_CLOCK_SPAN_MS ? new Date(time) : now;
}

/**
 * The rows of a batch. The member is the token's (never the body's); a product id that names no product is
 * kept as given — the segment engine joins products, so a view of a deleted or unknown product matches nothing.
 */
export function behaviourRowsOf(body: BehaviourEventsBody, memberId: number | null, now: Date): NewBehaviourEventRow[] {
  return body.events.map((event) => ({
    type: event.type,
    occurredAt: occurredAtOf(event.at, now),
    deviceId: event.deviceId ?? body.deviceId ?? null,
    memberId,
    productId: event.productId,
    data: {},
    receivedAt: now,
  }));
}

/** Writes a batch: one multi-row INSERT and one `behaviour.recorded` event, in one transaction. */
export async function recordBehaviour(db: Executor, body: BehaviourEventsBody, memberId: number | null, now: Date): Promise<number> {
  const rows = behaviourRowsOf(body, memberId, now);
  return db.transaction(async (tx) => {
    const count = await insertBehaviourEvents(tx, rows);
    await appendEvent(tx, { type: 'behaviour.recorded', occurredAt: now, payload: { count } });
    return count;
  });
}
