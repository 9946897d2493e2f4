import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { JourneyDefinition, JourneyStep } from '@siyu/shared';
import type { Db, Executor } from '../../db/client';
import type { Logger } from '../../lib/logger';
import { queryRows } from '../../lib/sql';
import { appendEvents } from '../events/outbox';
import { applyGrants, applyTags, createTasks, evaluateBranches, idArray, writeIntents, type Live, type Run } from './steps';

/** Steps one enrollment may run in one claim before it yields (a loop always passes a wait, so this is a bound, not a rule). */
const MAX_STEPS_PER_CLAIM = 25;
const CHINA_OFFSET_MS = 8 * 3600_000;

/** Test hooks: `afterIntents` runs inside the step transaction right after the intents are written (crash injection). */
export interface RunnerHooks {
  afterIntents?: () => void | Promise<void>;
}

type VersionCache = Map<number, { definition: JourneyDefinition; steps: Map<string, JourneyStep> }>;

/** Frozen versions never change: cached by id per database for the process's life. */
const versionCaches = new WeakMap<Db, VersionCache>();

async function versionsOf(root: Db, db: Executor, ids: number[]) {
  let versionCache = versionCaches.get(root);
  if (!versionCache) {
    versionCache = new Map();
    versionCaches.set(root, versionCache);
  }
  const missing = [...new Set(ids)].filter((id) => !versionCache.has(id));
  if (missing.length > 0) {
    const rows = await queryRows<{ id: number; definition: JourneyDefinition }>(
      db,
      sql`select id, definition from journey_versions where id = any(${`{${missing.join(',')}}`}::int[])`,
    );
    for (const row of rows) versionCache.set(Number(row.id), { definition: row.definition, steps: new Map(row.definition.steps.map((s) => [s.id, s])) });
  }
  return versionCache;
}

/** The next HH:MM (China time) strictly after `now`. */
export function nextChinaTime(now: Date, hhmm: string): Date {
  const [hours, minutes] = hhmm.split(':').map(Number) as [number, number];
  const local = new Date(now.getTime() + CHINA_OFFSET_MS);
  const target = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hours, minutes) - CHINA_OFFSET_MS;
  return new Date(target > now.getTime() ? target : target + 24 * 3600_000);
}

interface ClaimRow {
  id: string;
  journey_id: number;
  version_id: number;
  member_id: number;
  occurrence: string;
  arm: string | null;
  experiment_id: number | null;
  step_id: string | null;
  context: Record<string, unknown> | null;
  entered_at: Date | string;
}

/**
 * PIPL art. 24: a member who turned personalised marketing off (member_consents 'personalized' granted = false)
 * leaves every automated marketing journey at its next step — no coupon, points, tag or staff task follows, not
 * only no message (the dispatcher's guard still skips any intent already written). Service journeys go on.
 */
async function exitPersonalizationOff(db: Executor, live: Live[], definitions: Map<number, JourneyDefinition>): Promise<void> {
  const marketing = live.filter((item) => definitions.get(item.versionId)?.purpose === 'marketing');
  if (marketing.length === 0) return;
  const rows = await queryRows<{ member_id: number }>(
    db,
    sql`select member_id from member_consents
        where member_id = any(${idArray(marketing.map((item) => item.memberId))}::int[]) and channel = 'personalized' and not granted`,
  );
  const off = new Set(rows.map((row) => Number(row.member_id)));
  for (const item of marketing) {
    if (!off.has(item.memberId)) continue;
    item.status = 'exited';
    item.exitReason = 'personalization_off';
    item.parked = true;
  }
}

async function runBatch(db: Db, now: Date, limit: number, hooks: RunnerHooks): Promise<{ claimed: number; steps: number }> {
  return db.transaction(async (tx) => {
    const nowIso = now.toISOString();
    const claimed = await queryRows<ClaimRow>(
      tx,
      sql`select e.id::text, e.journey_id, e.version_id, e.member_id, e.occurrence, e.arm, j.experiment_id, e.step_id, e.context, e.entered_at
          from journey_enrollments e join journeys j on j.id = e.journey_id
          where e.status = 'active' and e.next_run_at <= ${nowIso}::timestamptz and j.status = 'active'
          order by e.next_run_at, e.id
          limit ${limit}
          for update of e skip locked`,
    );
    if (claimed.length === 0) return { claimed: 0, steps: 0 };
    const live: Live[] = claimed.map((row) => ({
      id: Number(row.id),
      journeyId: Number(row.journey_id),
      versionId: Number(row.version_id),
      memberId: Number(row.member_id),
      occurrence: row.occurrence,
      arm: row.arm,
      experimentId: row.experiment_id === null ? null : Number(row.experiment_id),
      stepId: row.step_id,
      context: row.context ?? {},
      enteredAt: new Date(row.entered_at),
      status: 'active',
      nextRunAt: null,
      parked: false,
      exitReason: null,
    }));
    const versions = await versionsOf(
      db,
      tx,
      live.map((l) => l.versionId),
    );
    const definitions = new Map([...versions].map(([id, v]) => [id, v.definition]));
    await exitPersonalizationOff(tx, live, definitions);
    const visits = new Map<string, number>();
    for (const row of await queryRows<{ enrollment_id: string; step_id: string; visit: number }>(
      tx,
      sql`select enrollment_id::text, step_id, max(visit) as visit from journey_step_runs
          where enrollment_id = any(${idArray(live.map((l) => l.id))}::bigint[]) group by enrollment_id, step_id`,
    ))
      visits.set(`${row.enrollment_id}:${row.step_id}`, Number(row.visit));
    let steps = 0;
    for (let round = 0; round < MAX_STEPS_PER_CLAIM; round += 1) {
      const runs: Run[] = [];
      for (const item of live) {
        if (item.parked) continue;
        const step = item.stepId === null ? undefined : versions.get(item.versionId)?.steps.get(item.stepId);
        if (!step) {
          // End of the flow (or a step the version does not have): completed.
          item.status = 'completed';
          item.exitReason = item.stepId === null ? null : 'unknown_step';
          item.parked = true;
          continue;
        }
        const visitKey = `${item.id}:${step.id}`;
        const visit = (visits.get(visitKey) ?? 0) + 1;
        visits.set(visitKey, visit);
        runs.push({ live: item, step, visit, outcome: 'done', reason: null, next: step.type === 'branch' ? null : step.next });
      }
      if (runs.length === 0) break;
      await evaluateBranches(tx, runs, now);
      const sends = runs.filter((r) => r.step.type === 'send');
      for (const run of sends) run.outcome = 'intent';
      await writeIntents(tx, sends, now, definitions);
      if (sends.length > 0) await hooks.afterIntents?.();
      await applyTags(tx, runs, now);
      await applyGrants(tx, runs, now);
      await createTasks(tx, runs, now);
      const inserted = await queryRows<{ n: number }>(
        tx,
        sql`with ins as (
              insert into journey_step_runs (enrollment_id, version_id, step_id, visit, outcome, reason, created_at)
              select x.enrollment_id, x.version_id, x.step_id, x.visit, x.outcome, x.reason, ${nowIso}::timestamptz
              from jsonb_to_recordset(${JSON.stringify(
                runs.map((r) => ({
                  enrollment_id: r.live.id,
                  version_id: r.live.versionId,
                  step_id: r.step.id,
                  visit: r.visit,
                  outcome: r.outcome,
                  reason: r.reason,
                })),
              )}::jsonb) as x(enrollment_id bigint, version_id int, step_id text, visit int, outcome text, reason text)
              on conflict (enrollment_id, step_id, visit) do nothing
              returning 1)
            select count(*)::int as n from ins`,
      );
      // Under the row lock no other run can have written these keys: a conflict means a replayed step; roll back.
      if (Number(inserted[0]?.n ?? 0) !== runs.length) throw new Error('journey step already ran: rolled back');
      steps += runs.length;
      for (const run of runs) {
        run.live.stepId = run.next;
        if (run.step.type === 'wait') {
          run.live.nextRunAt = run.step.untilTime ? nextChinaTime(now, run.step.untilTime) : new Date(now.getTime() + (run.step.minutes ?? 1) * 60_000);
          run.live.parked = true;
        }
      }
    }
    for (const item of live) if (!item.parked) item.nextRunAt = now;
    const ended = live.filter((l) => l.status !== 'active');
    await tx.execute(sql`
      update journey_enrollments e set step_id = x.step_id, next_run_at = x.next_run_at, status = x.status, context = x.context,
        ended_at = case when x.status <> 'active' then ${nowIso}::timestamptz else null end, exit_reason = x.exit_reason, updated_at = ${nowIso}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(
        live.map((l) => ({
          id: l.id,
          step_id: l.status !== 'active' ? null : l.stepId,
          next_run_at: l.status !== 'active' ? null : (l.nextRunAt ?? now).toISOString(),
          status: l.status,
          context: l.context,
          exit_reason: l.exitReason,
        })),
      )}::jsonb) as x(id bigint, step_id text, next_run_at timestamptz, status text, context jsonb, exit_reason text)
      where e.id = x.id`);
    await appendEvents(
      tx,
      ended.map((l) => ({
        type: 'journey.exited' as const,
        occurredAt: now,
        memberId: l.memberId,
        payload: { journeyId: l.journeyId, enrollmentId: l.id, status: l.status, reason: l.exitReason },
      })),
    );
    return { claimed: live.length, steps };
  });
}

/**
 * Runs the due steps of active enrollments (journeys not paused): claims up to `limit` with FOR UPDATE
 * SKIP LOCKED, runs each one's steps set-based, round by round, until it reaches a wait or the end, in one
 * transaction with the step_run rows (unique (enrollment, step, visit)) and the effects — so a step runs
 * exactly once even with several runners or after a crash. Returns the steps run.
 */
export async function runDueSteps(deps: { db: Db }, now: Date, limit = 500, hooks: RunnerHooks = {}): Promise<number> {
  return (await runBatch(deps.db, now, limit, hooks)).steps;
}

/** Runs batches until nothing is due. Returns the steps run. */
export async function drainJourneys(deps: { db: Db }, now: Date, limit = 500): Promise<number> {
  let total = 0;
  for (;;) {
    const { claimed, steps } = await runBatch(deps.db, now, limit, {});
    total += steps;
    if (claimed < limit) return total;
  }
}

/** Polls every second (unref'd timer), draining due steps; errors are logged and retried next tick. */
export function startJourneyRunner(deps: { db: Db; now: () => Date; logger: Logger }, intervalMs = 1000): { stop(): Promise<void>; kick(): void } {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = drainJourneys(deps, deps.now())
      .then(() => undefined)
      .catch((error: unknown) => {
        deps.logger.error({ err: error, run: crypto.randomUUID() }, 'journey runner failed');
      })
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    kick: tick,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
