import type { Executor } from '../../db/client';
import { behaviourEvents } from '../../db/schema';

export type NewBehaviourEventRow = typeof behaviourEvents.$inferInsert;

/** One multi-row INSERT; the number of rows written. */
export async function insertBehaviourEvents(db: Executor, rows: NewBehaviourEventRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db.insert(behaviourEvents).values(rows).returning({ id: behaviourEvents.id });
  return inserted.length;
}
