import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { queryRows } from '../lib/sql';

/**
 * Claims a periodic job's run for `period` (a China day, a China hour …): moves the app_meta row `key` to
 * `period` atomically, so true for exactly one caller per period across processes and restarts. Inside a
 * transaction the claim is held (and undone by a rollback) with it.
 */
export async function claimPeriod(db: Executor, key: string, period: string): Promise<boolean> {
  const claimed = await queryRows<{ key: string }>(
    db,
    sql`insert into app_meta (key, value) values (${key}, to_jsonb(${period}::text))
      on conflict (key) do update set value = excluded.value where app_meta.value <> excluded.value
      returning key`,
  );
  return claimed.length > 0;
}
