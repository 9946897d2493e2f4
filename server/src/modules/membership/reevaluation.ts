/**
 * Re-evaluating every member after a tier threshold changed: a `tier_reevaluations` row holds the
 * progress, batches run in member-id order from `last_member_id`, each batch in one transaction that
 * locks the row first. A restart (or a second worker) continues where the last committed batch
 * stopped, and two workers never evaluate the same batch twice.
 */
import { count, eq, inArray, sql } from 'drizzle-orm';
import type { TierReevaluationView } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import type { AppDeps } from '../../deps';
import type { Executor } from '../../db/client';
import { members, tierReevaluations } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { evaluateMemberWith, loadTierRules } from './evaluation';
import { findMemberIdsAfter } from './repo';
import { toReevaluationView } from './views';

const ACTIVE = ['queued', 'running'];
export const DEFAULT_REEVALUATION_BATCH = 100;

export async function findActiveReevaluation(db: Executor) {
  const [row] = await db.select().from(tierReevaluations).where(inArray(tierReevaluations.status, ACTIVE)).limit(1);
  return row;
}

/** Queues a re-evaluation inside the caller's transaction (which must hold the tiers' locks). */
export async function queueTierReevaluation(tx: ServiceContext, requestedBy: number | null): Promise<TierReevaluationView> {
  if (await findActiveReevaluation(tx.db)) throw new AppError('TIER_REEVALUATION_RUNNING');
  const [total] = await tx.db.select({ value: count() }).from(members);
  const [row] = await tx.db
    .insert(tierReevaluations)
    .values({ status: 'queued', total: total?.value ?? 0, requestedBy, createdAt: tx.now, updatedAt: tx.now })
    .returning();
  if (!row) throw new Error('tier re-evaluation insert returned nothing');
  return toReevaluationView(row);
}

export async function getTierReevaluation(sc: ServiceContext, id: number): Promise<TierReevaluationView> {
  const [row] = await sc.db.select().from(tierReevaluations).where(eq(tierReevaluations.id, id));
  if (!row) throw new AppError('NOT_FOUND');
  return toReevaluationView(row);
}

/** One batch under the row's lock; true when the re-evaluation is over (done, failed, or nothing left). */
async function runBatch(tx: ServiceContext, id: number, batchSize: number): Promise<boolean> {
  const [row] = await tx.db.select().from(tierReevaluations).where(eq(tierReevaluations.id, id)).for('update');
  if (!row) throw new AppError('NOT_FOUND');
  if (!ACTIVE.includes(row.status)) return true;
  const rules = await loadTierRules(tx.db);
  const ids = await findMemberIdsAfter(tx.db, row.lastMemberId, batchSize);
  let changed = 0;
  for (const memberId of ids) if (await evaluateMemberWith(tx, memberId, rules)) changed += 1;
  const isDone = ids.length < batchSize;
  const processed = row.processed + ids.length;
  await tx.db
    .update(tierReevaluations)
    .set({
      status: isDone ? 'done' : 'running',
      processed,
      changed: row.changed + changed,
      // Members who signed up meanwhile are evaluated too; the total follows.
      total: sql`greatest(${tierReevaluations.total}, ${processed})`,
      lastMemberId: ids[ids.length - 1] ?? row.lastMemberId,
      updatedAt: tx.now,
    })
    .where(eq(tierReevaluations.id, id));
  return isDone;
}

/**
 * Runs re-evaluation `id` to the end, `batchSize` members per transaction, from where it stopped.
 * A failing batch marks it failed (with the error) and rethrows.
 */
export async function processTierReevaluation(sc: ServiceContext, id: number, batchSize = DEFAULT_REEVALUATION_BATCH): Promise<TierReevaluationView> {
  try {
    while (!(await inTransaction(sc, (tx) => runBatch(tx, id, batchSize)))) {
      // next batch
    }
  } catch (error) {
    await sc.db
      .update(tierReevaluations)
      .set({ status: 'failed', error: error instanceof Error ? error.message.slice(0, 500) : String(error), updatedAt: sc.now })
      .where(eq(tierReevaluations.id, id));
    throw error;
  }
  return getTierReevaluation(sc, id);
}

/** Continues every queued or running re-evaluation (at start, after a crash); how many were run. */
export async function resumeTierReevaluations(sc: ServiceContext, batchSize = DEFAULT_REEVALUATION_BATCH): Promise<number> {
  const rows = await sc.db
    .select({ id: tierReevaluations.id })
    .from(tierReevaluations)
    .where(inArray(tierReevaluations.status, ACTIVE))
    .orderBy(tierReevaluations.id);
  for (const row of rows) await processTierReevaluation(sc, row.id, batchSize);
  return rows.length;
}

/** Runs a queued re-evaluation in the background of this process (after the request's commit). */
export function startTierReevaluation(deps: AppDeps, id: number, requestId: string): void {
  setImmediate(() => {
    const sc: ServiceContext = { db: deps.db, requestId, now: deps.now(), ip: null };
    processTierReevaluation(sc, id).catch((error: unknown) => deps.logger.error({ err: error, reevaluationId: id }, 'tier re-evaluation failed'));
  });
}
