import { sql } from 'drizzle-orm';
import { chinaDate } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { queryRows } from '../../lib/sql';
import { readAnalyticsSettings } from '../analytics-settings';
import { appendEvent } from '../events/outbox';

/**
 * Merge at login: the device's anonymous events (member_id null) within retention become the member's, and one
 * `behaviour.merged` { deviceId, memberId, days } is appended when any row changed (days: the China days of the
 * merged rows, for the visitor roll-up). Idempotent (a second login finds nothing anonymous); rows that already
 * have a member keep it — a shared device's earlier member is never taken over, also when two members log in on
 * it at once (the UPDATE re-checks `member_id is null` on a row another login just took). Runs in the login's
 * transaction. Returns the days merged.
 */
export async function mergeDeviceBehaviour(db: Executor, input: { deviceId: string | null; memberId: number; now: Date }): Promise<string[]> {
  if (!input.deviceId) return [];
  const { eventRetentionDays } = await readAnalyticsSettings(db);
  const since = new Date(input.now.getTime() - eventRetentionDays * 86_400_000);
  const rows = await queryRows<{ occurred_at: string | Date }>(
    db,
    sql`update behaviour_events set member_id = ${input.memberId}
        where device_id = ${input.deviceId} and member_id is null and occurred_at >= ${since}
        returning occurred_at`,
  );
  if (rows.length === 0) return [];
  const days = [...new Set(rows.map((row) => chinaDate(new Date(row.occurred_at))))].sort();
  await appendEvent(db, {
    type: 'behaviour.merged',
    occurredAt: input.now,
    memberId: input.memberId,
    payload: { deviceId: input.deviceId, memberId: input.memberId, days },
  });
  return days;
}
