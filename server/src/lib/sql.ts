import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client';

/** Escapes %, _ and \ so user text matches literally inside a LIKE/ILIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** Runs a raw SQL query on either driver and returns its rows typed as `T` (columns as the driver gives them). */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  const rows = (result as { rows?: unknown }).rows;
  if (!Array.isArray(rows)) throw new Error('unexpected query result');
  return rows as T[];
}

/*
 * Building blocks of the roll-ups' SQL (channel-stats, analytics-core, analytics-detail): China days and id lists.
 * Lists travel as one jsonb parameter, so a batch of thousands of ids stays one statement with one parameter.
 */

/** The Asia/Shanghai calendar day of a timestamptz expression (China has no daylight saving). */
export const shanghaiDaySql = (column: SQL): SQL => sql`((${column} at time zone 'UTC') + interval '8 hours')::date`;

/** `column in (ids)`, or true for every row when ids is null (a rebuild), false for none. */
export function inIdList(column: SQL, ids: readonly number[] | null): SQL {
  if (ids === null) return sql`true`;
  if (ids.length === 0) return sql`false`;
  return sql`${column} in (select (jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))::int)`;
}

/** `column in (days)` for YYYY-MM-DD days, or true for every row when days is null, false for none. */
export function inDayList(column: SQL, days: readonly string[] | null): SQL {
  if (days === null) return sql`true`;
  if (days.length === 0) return sql`false`;
  return sql`${column} in (select (jsonb_array_elements_text(${JSON.stringify(days)}::jsonb))::date)`;
}

/** `returning <columns>` for an incremental refresh; nothing for a rebuild (ids null), which recomputes every day. */
export function returningUnlessRebuild(ids: readonly unknown[] | null, columns: SQL): SQL {
  return ids === null ? sql`` : sql`returning ${columns}`;
}
