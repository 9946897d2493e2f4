import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { rateLimits } from '../db/schema';

export interface RateLimitRule {
  /** How many events a key may have per window. */
  limit: number;
  windowSeconds: number;
}

function windowStart(now: Date, windowSeconds: number): Date {
  const ms = windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

/**
 * Counts one event for `key` in the current fixed window (atomic upsert, safe across processes)
 * and returns the count so far, this event included.
 */
export async function hitRateLimit(db: Executor, key: string, rule: RateLimitRule, now: Date): Promise<number> {
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStart: windowStart(now, rule.windowSeconds), count: 1 })
    .onConflictDoUpdate({ target: [rateLimits.key, rateLimits.windowStart], set: { count: sql`${rateLimits.count} + 1` } })
    .returning({ count: rateLimits.count });
  return row?.count ?? 1;
}

/** The count of events for `key` in the current window, without counting a new one. */
export async function peekRateLimit(db: Executor, key: string, rule: RateLimitRule, now: Date): Promise<number> {
  const rows = await db
    .select({ count: rateLimits.count })
    .from(rateLimits)
    .where(sql`${rateLimits.key} = ${key} and ${rateLimits.windowStart} = ${windowStart(now, rule.windowSeconds)}`);
  return rows[0]?.count ?? 0;
}
