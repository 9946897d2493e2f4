export { appendEvent, appendEvents, countEvents, type NewDomainEvent } from './outbox';
export { consumeOnce, drainConsumer, startEventConsumers, type EventConsumer } from './consumers';
export { EVENT_CONSUMERS } from './registry';
export type { DomainEvent, DomainEventPayloads, DomainEventType } from './types';

import type { Db } from '../../db/client';
import { drainConsumer } from './consumers';
import { EVENT_CONSUMERS } from './registry';

/** Runs every registered consumer until each has caught up (tests call it instead of waiting for the poller). */
export async function drainAllConsumers(db: Db, now: () => Date = () => new Date()): Promise<void> {
  for (const consumer of EVENT_CONSUMERS) await drainConsumer(db, consumer, now);
}
