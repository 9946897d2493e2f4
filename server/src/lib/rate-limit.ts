import { and, eq, inArray, sql } from 'drizzle-orm';
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

/** When the current window of `rule` ends (a fixed-window lock lasts until then). */
export function windowEndsAt(now: Date, rule: RateLimitRule): Date {
  return new Date(windowStart(now, rule.windowSeconds).getTime() + rule.windowSeconds * 1000);
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

/**
 * Takes one of `rule.limit` slots of `key` in the current window, in one conditional upsert: true when
 * a slot was free. Parallel callers cannot take more than `limit` slots (the row lock of the upsert
 * orders them), so an attempt is counted before its outcome is known.
 */
export async function claimRateLimit(db: Executor, key: string, rule: RateLimitRule, now: Date): Promise<boolean> {
  const rows = await db
    .insert(rateLimits)
    .values({ key, windowStart: windowStart(now, rule.windowSeconds), count: 1 })
    .onConflictDoUpdate({
      target: [rateLimits.key, rateLimits.windowStart],
      set: { count: sql`${rateLimits.count} + 1` },
      setWhere: sql`${rateLimits.count} < ${rule.limit}`,
    })
    .returning({ count: rateLimits.count });
  return rows.length > 0;
}

/** Gives back a slot taken by claimRateLimit (the attempt turned out not to count), never below zero. */
export async function releaseRateLimit(db: Executor, key: string, rule: RateLimitRule, now: Date): Promise<void> {
  await db
    .update(rateLimits)
    .set({ count: sql`greatest(${rateLimits.count} - 1, 0)` })
    .where(sql`${rateLimits.key} = ${key} and ${rateLimits.windowStart} = ${windowStart(now, rule.windowSeconds)}`);
}

/** Forgets every window of `key` (an owner clearing a lockout). Returns how many events were forgotten. */
export async function clearRateLimit(db: Executor, key: string): Promise<number> {
  const rows = await db
    .delete(rateLimits)
    .where(sql`${rateLimits.key} = ${key}`)
    .returning({ count: rateLimits.count });
  return rows.reduce((sum, row) => sum + row.count, 0);
}

/** The counts of the current window of each key (absent: no event yet), and when that window ends. */
export async function currentWindows(
  db: Executor,
  keys: readonly string[],
  rule: RateLimitRule,
  now: Date,
): Promise<{ counts: Map<string, number>; endsAt: Date }> {
  const start = windowStart(now, rule.windowSeconds);
  const counts = new Map<string, number>();
  if (keys.length > 0) {
    const rows = await db
      .select({ key: rateLimits.key, count: rateLimits.count })
      .from(rateLimits)
      .where(and(inArray(rateLimits.key, [...keys]), eq(rateLimits.windowStart, start)));
    for (const row of rows) counts.set(row.key, row.count);
  }
  return { counts, endsAt: windowEndsAt(now, rule) };
}
