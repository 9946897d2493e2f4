import { sql } from 'drizzle-orm';
import { chinaDate } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { queryRows } from '../../lib/sql';
import { readAnalyticsSettings } from '../analytics-settings';

/*
 * behaviour_events is PARTITIONED BY RANGE (occurred_at), one partition per China-time month
 * (`behaviour_events_yYYYYmMM` = [the 1st 00:00 +08:00, the next month's 1st 00:00 +08:00)), plus
 * `behaviour_events_default` as a safety net (an event outside every monthly partition still lands).
 * Partitions are made ahead (last month … next 2 months) and dropped whole once entirely past retention.
 * Every change runs under one advisory lock, so two processes (or a timer and a start) never race.
 */

const PARTITION_NAME = /^behaviour_events_y(\d{4})m(\d{2})$/;
const DEFAULT_PARTITION = 'behaviour_events_default';
const LOCK_KEY = 'behaviour-partitions';

/** A month as 'YYYY-MM'. */
export type Month = string;

/** The China-time month of an instant. */
export function chinaMonth(at: Date): Month {
  return chinaDate(at).slice(0, 7);
}

/** month + n months. */
export function addMonths(month: Month, n: number): Month {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The partition's table name of a month: behaviour_events_y2026m12. */
export function partitionName(month: Month): string {
  return `behaviour_events_y${month.slice(0, 4)}m${month.slice(5, 7)}`;
}

/** The instants [start, end) a month's partition holds (China time). */
export function monthBounds(month: Month): { start: Date; end: Date } {
  const instant = (m: Month) => new Date(`${m}-01T00:00:00+08:00`);
  return { start: instant(month), end: instant(addMonths(month, 1)) };
}

/** The monthly partitions that exist, oldest first. */
export async function listBehaviourPartitions(db: Executor): Promise<Month[]> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'behaviour_events'::regclass`,
  );
  return rows
    .map((row) => PARTITION_NAME.exec(row.name))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => `${match[1]}-${match[2]}`)
    .sort();
}

async function lock(db: Executor): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${LOCK_KEY}))`);
}

async function exists(db: Executor, table: string): Promise<boolean> {
  const [row] = await queryRows<{ found: boolean }>(db, sql`select to_regclass(${table}) is not null as found`);
  return row?.found === true;
}

/** Makes one month's partition (if missing), moving the default partition's rows of that month into it. */
async function ensureMonth(db: Executor, month: Month): Promise<boolean> {
  const name = partitionName(month);
  const { start, end } = monthBounds(month);
  const table = sql.raw(`"${name}"`);
  // DDL takes no bind parameters: the bounds are literals (ISO instants this code made, nothing from outside).
  const bounds = sql.raw(`for values from ('${start.toISOString()}') to ('${end.toISOString()}')`);
  return db.transaction(async (tx) => {
    await lock(tx);
    if (await exists(tx, name)) return false;
    if (!(await exists(tx, DEFAULT_PARTITION)))
      await tx.execute(sql`create table if not exists behaviour_events_default partition of behaviour_events default`);
    const [stray] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from behaviour_events_default where occurred_at >= ${start} and occurred_at < ${end}`,
    );
    if ((stray?.n ?? 0) === 0) {
      await tx.execute(sql`create table if not exists ${table} partition of behaviour_events ${bounds}`);
    } else {
      // Rows of that month sit in the default partition: a new partition cannot overlap them, so they move in.
      await tx.execute(sql`create table ${table} (like behaviour_events including defaults)`);
      await tx.execute(
        sql`with moved as (delete from behaviour_events_default where occurred_at >= ${start} and occurred_at < ${end} returning *) insert into ${table} select * from moved`,
      );
      await tx.execute(sql`alter table behaviour_events attach partition ${table} ${bounds}`);
    }
    return true;
  });
}

/**
 * Makes the monthly partitions of last month … next 2 months around `now` (and of any `extraMonths`, e.g. a
 * seed's past), and the default partition. Idempotent; safe when two processes run it at once.
 * Returns the months it created.
 */
export async function ensureBehaviourPartitions(db: Executor, now: Date, extraMonths: Month[] = []): Promise<Month[]> {
  const current = chinaMonth(now);
  const months = [...new Set([-1, 0, 1, 2].map((n) => addMonths(current, n)).concat(extraMonths))].sort();
  const created: Month[] = [];
  for (const month of months) if (await ensureMonth(db, month)) created.push(month);
  return created;
}

/**
 * Retention: drops every monthly partition entirely older than `analytics_settings.event_retention_days`
 * (its end ≤ now − retention), and deletes the default partition's rows that old. Returns the months dropped.
 */
export async function purgeBehaviourPartitions(db: Executor, now: Date): Promise<Month[]> {
  const { eventRetentionDays } = await readAnalyticsSettings(db);
  const cutoff = new Date(now.getTime() - eventRetentionDays * 86_400_000);
  const dropped: Month[] = [];
  for (const month of await listBehaviourPartitions(db)) {
    if (monthBounds(month).end.getTime() > cutoff.getTime()) continue;
    await db.transaction(async (tx) => {
      await lock(tx);
      await tx.execute(sql`drop table if exists ${sql.raw(`"${partitionName(month)}"`)}`);
    });
    dropped.push(month);
  }
  await db.execute(sql`delete from behaviour_events_default where occurred_at < ${cutoff}`);
  return dropped;
}
