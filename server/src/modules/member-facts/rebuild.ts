import { sql } from 'drizzle-orm';
import type { CrmRebuild } from '@siyu/shared';
import type { Db } from '../../db/client';
import { AppError } from '../../lib/errors';
import { queryRows } from '../../lib/sql';
import { shanghaiDay } from './facts-repo';
import { computeThresholds } from './facts-thresholds';
import { crmSettingsOf, refreshMemberFacts, saveCrmSettings } from './facts';

export type CrmRebuildTrigger = 'nightly' | 'manual' | 'settings';

/** A rebuild as the admin sees it: the view lives in shared/src/crm/views.ts. */
export type { CrmRebuild };

interface RebuildRow {
  id: number;
  trigger: string;
  status: CrmRebuild['status'];
  total: number;
  processed: number;
  transitions: number;
  started_at: string | Date;
  finished_at: string | Date | null;
  error: string | null;
}

const iso = (value: string | Date | null): string | null => (value === null ? null : new Date(value).toISOString());

function toRebuild(row: RebuildRow): CrmRebuild {
  return {
    id: Number(row.id),
    trigger: row.trigger,
    status: row.status,
    total: Number(row.total),
    processed: Number(row.processed),
    transitions: Number(row.transitions),
    startedAt: iso(row.started_at)!,
    finishedAt: iso(row.finished_at),
    error: row.error,
  };
}

/** started_at is the created_at column. */
const REBUILD_COLUMNS = sql`id, trigger, status, total, processed, transitions, created_at as started_at, finished_at, error`;

export async function findRebuild(db: Db, id: number): Promise<CrmRebuild | null> {
  const [row] = await queryRows<RebuildRow>(db, sql`select ${REBUILD_COLUMNS} from crm_rebuilds where id = ${id}::int`);
  return row ? toRebuild(row) : null;
}

export async function latestRebuild(db: Db): Promise<CrmRebuild | null> {
  const [row] = await queryRows<RebuildRow>(db, sql`select ${REBUILD_COLUMNS} from crm_rebuilds order by id desc limit 1`);
  return row ? toRebuild(row) : null;
}

/** Work to run after every successful full rebuild (rule tags, segment counts…), in registration order. */
export type AfterRebuildHook = (db: Db, now: Date) => Promise<void>;
const afterRebuildHooks: AfterRebuildHook[] = [];

/** Registers work to run after each full rebuild (the lead wires the segments' rule tags and daily counts). */
export function registerAfterRebuild(hook: AfterRebuildHook): void {
  if (!afterRebuildHooks.includes(hook)) afterRebuildHooks.push(hook);
}

/** Nightly rebuilds started per China day at most (the first and two retries after failures). */
const NIGHTLY_ATTEMPTS = 3;

/** A running row older than this is taken for a crashed process's and marked failed. */
const ABANDONED_AFTER_MS = 6 * 3_600_000;

/**
 * Opens a rebuild row, refusing (409 CRM_REBUILD_RUNNING) while one runs. The check and the insert run
 * under an exclusive lock of crm_rebuilds (held to the end of this short transaction): two requests can
 * never both see "none running". A nightly rebuild is also refused (null) when that China-time day
 * already has one running or done (or three that failed), so several processes' schedulers start it once.
 */
async function openRebuild(db: Db, trigger: CrmRebuildTrigger, staffId: number | null, now: Date): Promise<RebuildRow | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`lock table crm_rebuilds in share row exclusive mode`);
    const nowSql = sql`${now.toISOString()}::timestamptz`;
    await tx.execute(sql`update crm_rebuilds set status = 'failed', error = 'abandoned', finished_at = ${nowSql}
      where status = 'running' and created_at < ${new Date(now.getTime() - ABANDONED_AFTER_MS).toISOString()}::timestamptz`);
    const [running] = await queryRows<{ id: number }>(tx, sql`select id from crm_rebuilds where status = 'running' limit 1`);
    if (trigger === 'nightly') {
      // That China day's nightly rebuild ran (or runs): none more. One that failed (a shutdown stopped it, a crash
      // left it) is tried again, up to NIGHTLY_ATTEMPTS a day, so the day's stage changes are not a day late.
      const [today] = await queryRows<{ ok: number; tries: number }>(
        tx,
        sql`select count(*) filter (where status <> 'failed')::int as ok, count(*)::int as tries from crm_rebuilds
          where trigger = 'nightly' and ${shanghaiDay(sql`created_at`)} = ${shanghaiDay(nowSql)}`,
      );
      if (Number(today?.ok ?? 0) > 0 || Number(today?.tries ?? 0) >= NIGHTLY_ATTEMPTS || running) return null;
    } else if (running) {
      throw new AppError('CRM_REBUILD_RUNNING', undefined, { rebuildId: Number(running.id) });
    }
    const [row] = await queryRows<RebuildRow>(
      tx,
      sql`insert into crm_rebuilds (trigger, status, requested_by, created_at) values (${trigger}, 'running', ${staffId}, ${nowSql})
      returning ${REBUILD_COLUMNS}`,
    );
    return row ?? null;
  });
}

/**
 * The rebuild itself: thresholds recomputed and stored, every member's facts refreshed in batches with
 * progress on the row, then the after-rebuild hooks; the row ends 'done' or 'failed' with the error.
 */
export async function runCrmRebuild(db: Db, rebuildId: number, now: Date): Promise<CrmRebuild> {
  try {
    const { settings } = await crmSettingsOf(db);
    const thresholds = await computeThresholds(db, settings, now);
    await saveCrmSettings(db, { thresholds });
    const result = await refreshMemberFacts(db, null, now, {
      settings,
      thresholds,
      onBatch: async ({ processed, total, transitions }) => {
        if (stopping.has(db)) throw new Error('stopped: the server shut down');
        await db.execute(sql`update crm_rebuilds set processed = ${processed}::int, total = ${total}::int, transitions = ${transitions}::int
          where id = ${rebuildId}::int`);
      },
    });
    for (const hook of afterRebuildHooks) {
      if (stopping.has(db)) throw new Error('stopped: the server shut down');
      await hook(db, now);
    }
    await db.execute(sql`update crm_rebuilds set status = 'done', processed = ${result.members}::int, total = greatest(total, ${result.members}::int),
      transitions = ${result.transitions}::int, finished_at = ${new Date().toISOString()}::timestamptz where id = ${rebuildId}::int`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.execute(sql`update crm_rebuilds set status = 'failed', error = ${message.slice(0, 500)}, finished_at = ${new Date().toISOString()}::timestamptz
      where id = ${rebuildId}::int`);
  }
  const rebuild = await findRebuild(db, rebuildId);
  if (!rebuild) throw new Error(`crm rebuild ${rebuildId} vanished`);
  return rebuild;
}

/** Rebuilds still running in this process, per database (tests and shutdown wait for them). */
const inFlight = new Map<Db, Set<Promise<CrmRebuild>>>();

/**
 * Starts a rebuild in the background and answers its row at once ('running'); 409 CRM_REBUILD_RUNNING while
 * another runs. A nightly one that already ran that day answers null.
 */
export async function startCrmRebuild(db: Db, trigger: CrmRebuildTrigger, staffId: number | null, now: Date): Promise<CrmRebuild | null> {
  const row = await openRebuild(db, trigger, staffId, now);
  if (!row) return null;
  const work = runCrmRebuild(db, Number(row.id), now);
  const set = inFlight.get(db) ?? inFlight.set(db, new Set()).get(db)!;
  set.add(work);
  void work.finally(() => set.delete(work)).catch(() => undefined);
  return toRebuild(row);
}

/** Databases whose rebuilds should stop after their current batch (shutdown). */
const stopping = new Set<Db>();

/**
 * Waits for this process's running rebuilds on `db` to end; with `stop`, makes them end after their
 * current batch (marked failed, 'stopped'), so a shutdown does not wait for a whole rebuild.
 */
export async function settleCrmRebuilds(db: Db, options: { stop?: boolean } = {}): Promise<void> {
  if (options.stop) stopping.add(db);
  for (;;) {
    const set = inFlight.get(db);
    if (!set || set.size === 0) return;
    await Promise.allSettled([...set]);
  }
}

const FACTS_BUILT_MARKER = 'member_facts_built';

/**
 * At start: builds member_facts for everyone once per database (an app_meta marker), recording no
 * transitions (members who existed before had no row to move from). Returns whether it built.
 */
export async function ensureMemberFactsBuilt(db: Db, now: Date = new Date()): Promise<boolean> {
  const [marker] = await queryRows<{ key: string }>(db, sql`select key from app_meta where key = ${FACTS_BUILT_MARKER}`);
  if (marker) return false;
  const { settings } = await crmSettingsOf(db);
  const thresholds = await computeThresholds(db, settings, now);
  await saveCrmSettings(db, { thresholds });
  const result = await refreshMemberFacts(db, null, now, { settings, thresholds, recordTransitions: false });
  // This build counts as the China day's nightly rebuild: the scheduler does not rebuild everyone again right after start.
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  await db.execute(sql`insert into crm_rebuilds (trigger, status, total, processed, transitions, created_at, finished_at)
    values ('nightly', 'done', ${result.members}::int, ${result.members}::int, 0, ${nowSql}, ${new Date().toISOString()}::timestamptz)`);
  await db.execute(sql`insert into app_meta (key, value) values (${FACTS_BUILT_MARKER}, 'true'::jsonb) on conflict (key) do nothing`);
  return true;
}
