import { chinaDate, type BehaviourEventInput, type BehaviourEventsBody } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { appendEvent } from '../events/outbox';
import type { DomainEventPayloads } from '../events/types';
import { insertBehaviourEvents, type NewBehaviourEventRow } from './repo';

/** A client's `at` is kept only within this past span (queued views); anything else takes the server's clock. */
const CLIENT_CLOCK_SPAN_MS = 24 * 3600_000;

function occurredAtOf(at: string | undefined, now: Date): Date {
  if (at === undefined) return now;
  const time = new Date(at).getTime();
  return time <= now.getTime() && time >= now.getTime() - CLIENT_CLOCK_SPAN_MS ? new Date(time) : now;
}

/** The product column and the type's extra fields (kept in `data`). */
function detailsOf(event: BehaviourEventInput): { productId: number | null; data: Record<string, unknown> } {
  switch (event.type) {
    case 'page_view':
      return { productId: null, data: { page: event.page } };
    case 'product_view':
      return { productId: event.productId, data: {} };
    case 'add_to_cart':
      return { productId: event.productId, data: { quantity: event.quantity, ...(event.skuId === undefined ? {} : { skuId: event.skuId }) } };
    case 'checkout_start':
      return { productId: null, data: event.itemCount === undefined ? {} : { itemCount: event.itemCount } };
    case 'share':
      return { productId: event.productId ?? null, data: { target: event.target } };
  }
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
    ...detailsOf(event),
    receivedAt: now,
  }));
}

type Visit = NonNullable<DomainEventPayloads['behaviour.recorded']['visits']>[number];

/** The distinct (China day, device, member) of rows, in a stable order: what the visitor roll-up recounts. */
export function visitsOf(rows: Pick<NewBehaviourEventRow, 'occurredAt' | 'deviceId' | 'memberId'>[]): Visit[] {
  const seen = new Map<string, Visit>();
  for (const row of rows) {
    const visit: Visit = { day: chinaDate(row.occurredAt), deviceId: row.deviceId ?? null, memberId: row.memberId ?? null };
    seen.set(JSON.stringify([visit.day, visit.deviceId, visit.memberId]), visit);
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, visit]) => visit);
}

/** Writes a batch: one multi-row INSERT and one `behaviour.recorded` event (with its visits), in one transaction. */
export async function recordBehaviour(db: Executor, body: BehaviourEventsBody, memberId: number | null, now: Date): Promise<number> {
  const rows = behaviourRowsOf(body, memberId, now);
  return db.transaction(async (tx) => {
    const count = await insertBehaviourEvents(tx, rows);
    await appendEvent(tx, { type: 'behaviour.recorded', occurredAt: now, payload: { count, visits: visitsOf(rows) } });
    return count;
  });
}
