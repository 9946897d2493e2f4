import { sql } from 'drizzle-orm';
import { crmSettingsSchema, DEFAULT_CRM_SETTINGS, type CrmSettings, type RfmThresholdsInForce } from '@siyu/shared';
import { isTransaction, type Db, type Executor } from '../../db/client';
import { queryRows } from '../../lib/sql';
import { appendEvents } from '../events/outbox';
import { databaseClock, dropStage, stageFacts, stageTableName, upsertFacts, writeStagedFacts, type LifecycleChange, type MemberScope } from './facts-repo';
import { computeThresholds, memberIdRange, nextBatch } from './facts-thresholds';

/** The key of the transaction-level advisory lock every facts write takes (one writer at a time). */
const FACTS_LOCK_KEY = 1_400_014;

/**
 * Members per write chunk of a refresh of everyone (each chunk is one transaction writing staged facts). 25,000
 * keeps progress steps (40 on 1M) and the facts lock held by a chunk short enough for the consumer.
 */
export const FACTS_BATCH_SIZE = 25_000;

export interface CrmSettingsState {
  settings: CrmSettings;
  /** The thresholds stored at the last rebuild (null before the first). */
  thresholds: RfmThresholdsInForce | null;
}

/** The store's settings (DEFAULT_CRM_SETTINGS when the row is absent or unreadable) and the stored thresholds. */
export async function crmSettingsOf(db: Executor): Promise<CrmSettingsState> {
  const [row] = await queryRows<{ settings: unknown; thresholds: RfmThresholdsInForce | null }>(
    db,
    sql`select settings, thresholds from crm_settings where id = 1`,
  );
  if (!row) return { settings: DEFAULT_CRM_SETTINGS, thresholds: null };
  const parsed = crmSettingsSchema.safeParse(row.settings);
  return { settings: parsed.success ? parsed.data : DEFAULT_CRM_SETTINGS, thresholds: row.thresholds ?? null };
}

/** Stores the settings (keeping the thresholds) or the thresholds (keeping the settings). */
export async function saveCrmSettings(db: Executor, change: { settings?: CrmSettings; thresholds?: RfmThresholdsInForce }): Promise<void> {
  const settings = JSON.stringify(change.settings ?? DEFAULT_CRM_SETTINGS);
  const thresholds = change.thresholds === undefined ? null : JSON.stringify(change.thresholds);
  await db.execute(sql`
    insert into crm_settings (id, settings, thresholds, updated_at) values (1, ${settings}::jsonb, ${thresholds}::jsonb, now())
    on conflict (id) do update set
      settings = ${change.settings ? sql`excluded.settings` : sql`crm_settings.settings`},
      thresholds = ${change.thresholds ? sql`excluded.thresholds` : sql`crm_settings.thresholds`},
      updated_at = now()`);
}

export interface RefreshOptions {
  /** Defaults to the stored settings. */
  settings?: CrmSettings;
  /** Defaults to the stored thresholds (computed and stored when there are none yet). */
  thresholds?: RfmThresholdsInForce;
  /** False: members getting their first row emit no transition either (the first build of a database). */
  recordTransitions?: boolean;
  /** Members per batch when refreshing everyone. */
  batchSize?: number;
  /** After each batch of a refresh of everyone (progress). */
  onBatch?: (progress: { processed: number; total: number; transitions: number }) => Promise<void>;
}

export interface RefreshResult {
  members: number;
  /** Lifecycle transitions recorded (member.lifecycle_changed events appended). */
  transitions: number;
}

async function settingsAndThresholds(db: Executor, opts: RefreshOptions, now: Date): Promise<{ settings: CrmSettings; thresholds: RfmThresholdsInForce }> {
  const stored = opts.settings && opts.thresholds ? null : await crmSettingsOf(db);
  const settings = opts.settings ?? stored!.settings;
  let thresholds = opts.thresholds ?? stored?.thresholds ?? null;
  if (!thresholds) {
    thresholds = await computeThresholds(db, settings, now);
    await saveCrmSettings(db, { thresholds });
  }
  return { settings, thresholds };
}

/**
 * Transitions to record: a stage change of an existing row (from → to). A member's first row counts as a
 * move from 'prospect' (nothing when it starts as a prospect), unless `recordTransitions` is false.
 */
function transitionsOf(changes: LifecycleChange[], recordFirstRows: boolean): { memberId: number; from: string; to: string }[] {
  return changes
    .map((change) => ({ memberId: change.memberId, from: change.from ?? 'prospect', to: change.to, first: change.from === null }))
    .filter((change) => change.from !== change.to && (recordFirstRows || !change.first))
    .map(({ memberId, from, to }) => ({ memberId, from, to }));
}

/** One scope in the caller's transaction: the lock, the upsert, the transition events. */
async function refreshScope(
  tx: Executor,
  scope: MemberScope,
  now: Date,
  settings: CrmSettings,
  thresholds: RfmThresholdsInForce,
  recordFirst: boolean,
): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(${FACTS_LOCK_KEY}::bigint)`);
  return recordTransitions(tx, await upsertFacts(tx, scope, { settings, thresholds, now }), now, recordFirst);
}

/** Appends the member.lifecycle_changed events of these changes (in bulk); answers how many. */
async function recordTransitions(tx: Executor, changes: LifecycleChange[], now: Date, recordFirst: boolean): Promise<number> {
  const transitions = transitionsOf(changes, recordFirst);
  // Slices of 5,000 events keep each insert under PostgreSQL's 65,535 bind parameters.
  for (let at = 0; at < transitions.length; at += 5_000) {
    await appendEvents(
      tx,
      transitions
        .slice(at, at + 5_000)
        .map((t) => ({ type: 'member.lifecycle_changed' as const, occurredAt: now, memberId: t.memberId, payload: { from: t.from, to: t.to } })),
    );
  }
  return transitions.length;
}

async function inTx<T>(db: Executor, work: (tx: Executor) => Promise<T>): Promise<T> {
  return isTransaction(db) ? work(db) : (db as Db).transaction((tx) => work(tx));
}

/**
 * Recomputes member_facts of these members (null: everyone, in batches by member id, one transaction per
 * batch unless `db` is already a transaction) from the source tables as of `now`, with the thresholds in
 * force; records a member.lifecycle_changed event for every stage change, in the same transaction.
 */
export async function refreshMemberFacts(db: Executor, memberIds: readonly number[] | null, now: Date, opts: RefreshOptions = {}): Promise<RefreshResult> {
  const recordFirst = opts.recordTransitions !== false;
  if (memberIds !== null) {
    const ids = [...new Set(memberIds.filter((id) => Number.isInteger(id) && id > 0 && id <= 2_147_483_647))];
    if (ids.length === 0) return { members: 0, transitions: 0 };
    return inTx(db, async (tx) => {
      const { settings, thresholds } = await settingsAndThresholds(tx, opts, now);
      return { members: ids.length, transitions: await refreshScope(tx, { ids }, now, settings, thresholds, recordFirst) };
    });
  }
  const { settings, thresholds } = await inTx(db, (tx) => settingsAndThresholds(tx, opts, now));
  // Everyone: one set-based statement stages all the facts (each source table scanned once), then they are
  // written in chunks by member id (a transaction each, progress after each), only where they changed.
  const { min, total } = await memberIdRange(db);
  const size = opts.batchSize ?? FACTS_BATCH_SIZE;
  const stage = stageTableName();
  let processed = 0;
  let transitions = 0;
  try {
    // Read before the staging statement takes its snapshot: a row written later may be fresher than the stage.
    const stagedAt = await databaseClock(db);
    await stageFacts(db, stage, { settings, thresholds, now });
    await opts.onBatch?.({ processed: 0, total, transitions: 0 });
    let from = min;
    for (;;) {
      const batch = await nextBatch(db, from, size);
      if (batch === null) break;
      const range = { from, to: batch.to };
      transitions += await inTx(db, async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${FACTS_LOCK_KEY}::bigint)`);
        return writeStagedFacts(tx, stage, range, now, stagedAt, recordFirst);
      });
      processed += batch.members;
      await opts.onBatch?.({ processed: Math.min(processed, total), total, transitions });
      from = batch.to + 1;
    }
  } finally {
    await dropStage(db, stage);
  }
  // Every row may have been rewritten: a vacuum sets the visibility map again, so the RFM grid and the segment
  // counts stay index-only scans (autovacuum would come later); analyze refreshes the planner's figures.
  if (!isTransaction(db)) await db.execute(sql`vacuum (analyze) member_facts`);
  return { members: processed, transitions };
}
