import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { JourneyDefinition, JourneyStep, SegmentDefinition, SendContent } from '@siyu/shared';
import type { ServiceContext } from '../../context';
import type { Db, Executor } from '../../db/client';
import type { Logger } from '../../lib/logger';
import { AppError } from '../../lib/errors';
import { queryRows } from '../../lib/sql';
import { grantCouponOnce } from '../coupons/grant';
import { appendEvents } from '../events/outbox';
import { earnPoints } from '../points/earn';
import { compileSegment, SEGMENT_FROM } from '../segments/compile';
import { createStaffTask } from '../staff-tasks/service';
import { loadRenderData, placeholdersIn, renderKeyOf, renderText, renderVariables } from './render';

/** Steps one enrollment may run in one claim before it yields (a loop always passes a wait, so this is a bound, not a rule). */
const MAX_STEPS_PER_CLAIM = 25;
const CHINA_OFFSET_MS = 8 * 3600_000;

/** Test hooks: `afterIntents` runs inside the step transaction right after the intents are written (crash injection). */
export interface RunnerHooks {
  afterIntents?: () => void | Promise<void>;
}

interface Live {
  id: number;
  journeyId: number;
  versionId: number;
  memberId: number;
  occurrence: string;
  arm: string | null;
  experimentId: number | null;
  stepId: string | null;
  context: Record<string, unknown>;
  enteredAt: Date;
  status: 'active' | 'completed';
  nextRunAt: Date | null;
  parked: boolean;
  exitReason: string | null;
}

interface Run {
  live: Live;
  step: JourneyStep;
  visit: number;
  outcome: string;
  reason: string | null;
  next: string | null;
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

const idArray = (ids: number[]) => `{${[...new Set(ids)].join(',')}}`;

/** Branch outcomes for the runs (set-based per condition). */
async function evaluateBranches(db: Executor, runs: Run[], now: Date): Promise<void> {
  const yes = new Set<Run>();
  const bySegment = new Map<number, Run[]>();
  const byTag = new Map<number, Run[]>();
  const ordered: Run[] = [];
  const opened: Run[] = [];
  for (const run of runs) {
    if (run.step.type !== 'branch') continue;
    const condition = run.step.condition;
    if (condition.kind === 'segment') bySegment.set(condition.segmentId, [...(bySegment.get(condition.segmentId) ?? []), run]);
    else if (condition.kind === 'tag') byTag.set(condition.tagId, [...(byTag.get(condition.tagId) ?? []), run]);
    else if (condition.kind === 'ordered_since_entry') ordered.push(run);
    else opened.push(run);
  }
  for (const [segmentId, group] of bySegment) {
    const [segment] = await queryRows<{ definition: SegmentDefinition }>(db, sql`select definition from segments where id = ${segmentId}`);
    if (!segment) continue;
    const members = new Set(
      (
        await queryRows<{ id: number }>(
          db,
          sql`select m.id from ${SEGMENT_FROM} where m.id = any(${idArray(group.map((r) => r.live.memberId))}::int[]) and ${compileSegment(segment.definition, now)}`,
        )
      ).map((row) => Number(row.id)),
    );
    for (const run of group) if (members.has(run.live.memberId)) yes.add(run);
  }
  for (const [tagId, group] of byTag) {
    const members = new Set(
      (
        await queryRows<{ member_id: number }>(
          db,
          sql`select member_id from member_tags where tag_id = ${tagId} and member_id = any(${idArray(group.map((r) => r.live.memberId))}::int[])`,
        )
      ).map((row) => Number(row.member_id)),
    );
    for (const run of group) if (members.has(run.live.memberId)) yes.add(run);
  }
  if (ordered.length > 0) {
    const hits = new Set(
      (
        await queryRows<{ id: string }>(
          db,
          sql`select e.id::text from journey_enrollments e
              where e.id = any(${idArray(ordered.map((r) => r.live.id))}::bigint[])
                and exists (select 1 from orders o where o.member_id = e.member_id and o.paid_at is not null and o.paid_at >= e.entered_at)`,
        )
      ).map((row) => Number(row.id)),
    );
    for (const run of ordered) if (hits.has(run.live.id)) yes.add(run);
  }
  if (opened.length > 0) {
    const hits = new Set(
      (
        await queryRows<{ enrollment_id: string; step_id: string }>(
          db,
          sql`select enrollment_id::text, step_id from message_intents
              where enrollment_id = any(${idArray(opened.map((r) => r.live.id))}::bigint[]) and (opened_at is not null or status = 'delivered')`,
        )
      ).map((row) => `${row.enrollment_id}:${row.step_id}`),
    );
    for (const run of opened)
      if (run.step.type === 'branch' && run.step.condition.kind === 'message_opened' && hits.has(`${run.live.id}:${run.step.condition.stepId}`)) yes.add(run);
  }
  for (const run of runs) {
    if (run.step.type !== 'branch') continue;
    run.outcome = yes.has(run) ? 'yes' : 'no';
    run.next = yes.has(run) ? run.step.yes : run.step.no;
  }
}

/** Writes the intents of the send runs in one INSERT … SELECT (ON CONFLICT (key) DO NOTHING: a replay writes none). */
async function writeIntents(db: Executor, runs: Run[], now: Date, definitions: Map<number, JourneyDefinition>): Promise<void> {
  if (runs.length === 0) return;
  const chosen = runs.map((run) => {
    const step = run.step as Extract<JourneyStep, { type: 'send' }>;
    const content: SendContent = run.live.arm === 'B' && step.variants?.B ? step.variants.B : step.content;
    return { run, content, fallback: step.fallback ?? null };
  });
  const used = placeholdersIn(chosen.flatMap((c) => [c.content, c.fallback]));
  const targets = runs.map((run) => ({ memberId: run.live.memberId, context: run.live.context }));
  const values = used.size > 0 ? await loadRenderData(db, targets, used) : new Map<string, Record<string, string>>();
  const rows = chosen.map(({ run, content, fallback }) => {
    const data = values.get(renderKeyOf({ memberId: run.live.memberId, context: run.live.context })) ?? {};
    return {
      key: `j${run.live.versionId}:m${run.live.memberId}:${run.step.id}:${run.live.occurrence}:${run.visit}`,
      member_id: run.live.memberId,
      channel: content.channel,
      purpose: definitions.get(run.live.versionId)!.purpose,
      template: content.template,
      variables: renderVariables(content.variables, data),
      link: content.link ?? null,
      fallback: fallback ? { ...fallback, variables: renderVariables(fallback.variables, data) } : null,
      enrollment_id: run.live.id,
      step_id: run.step.id,
      journey_id: run.live.journeyId,
      experiment_id: run.live.experimentId,
      arm: run.live.arm,
    };
  });
  const nowIso = now.toISOString();
  await db.execute(sql`
    insert into message_intents (key, member_id, channel, purpose, template, variables, link, status, not_before, fallback,
      enrollment_id, step_id, journey_id, experiment_id, arm, created_at, updated_at)
    select x.key, x.member_id, x.channel, x.purpose, x.template, coalesce(x.variables, '{}'::jsonb), x.link, 'pending', ${nowIso}::timestamptz,
      case when x.fallback is null or x.fallback = 'null'::jsonb then null else x.fallback end,
      x.enrollment_id, x.step_id, x.journey_id, x.experiment_id, x.arm, ${nowIso}::timestamptz, ${nowIso}::timestamptz
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(key text, member_id int, channel text, purpose text, template text,
      variables jsonb, link text, fallback jsonb, enrollment_id bigint, step_id text, journey_id int, experiment_id int, arm text)
    on conflict (key) do nothing`);
}

async function applyTags(db: Executor, runs: Run[], now: Date): Promise<void> {
  const adds = runs.filter((r) => r.step.type === 'tag' && r.step.action === 'add');
  const removes = runs.filter((r) => r.step.type === 'tag' && r.step.action === 'remove');
  const pairs = (list: Run[]) => JSON.stringify(list.map((r) => ({ member_id: r.live.memberId, tag_id: (r.step as { tagId: number }).tagId })));
  if (adds.length > 0)
    await db.execute(sql`
      insert into member_tags (member_id, tag_id, source, created_at)
      select x.member_id, x.tag_id, 'journey', ${now.toISOString()}::timestamptz
      from jsonb_to_recordset(${pairs(adds)}::jsonb) as x(member_id int, tag_id int)
      on conflict do nothing`);
  if (removes.length > 0)
    await db.execute(sql`
      delete from member_tags t using jsonb_to_recordset(${pairs(removes)}::jsonb) as x(member_id int, tag_id int)
      where t.member_id = x.member_id and t.tag_id = x.tag_id`);
}

/** Grants coupons and points one by one, each in a savepoint: a refusal (sold out, budget…) skips the step, not the batch. */
async function applyGrants(db: Executor, runs: Run[], now: Date): Promise<void> {
  for (const run of runs) {
    const step = run.step;
    if (step.type !== 'grant_coupon' && step.type !== 'grant_points') continue;
    const sourceKey = `journey:${run.live.id}:${step.id}:${run.visit}`;
    try {
      await db.transaction(async (sp) => {
        const sc: ServiceContext = { db: sp, requestId: `journey-${run.live.id}`, now, ip: null };
        if (step.type === 'grant_coupon') {
          const result = await grantCouponOnce(sc, { templateId: step.couponId, memberId: run.live.memberId, source: 'journey', sourceKey });
          run.live.context = { ...run.live.context, memberCouponId: result.coupon.id };
        } else {
          await earnPoints(sc, { memberId: run.live.memberId, amount: step.points, source: 'journey', sourceKey, reason: step.reason });
        }
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      run.outcome = 'skipped';
      run.reason = error.code;
    }
  }
}

async function createTasks(db: Executor, runs: Run[], now: Date): Promise<void> {
  const tasks = runs.filter((r) => r.step.type === 'task');
  if (tasks.length === 0) return;
  const used = placeholdersIn(tasks.flatMap((r) => (r.step.type === 'task' ? [r.step.title, r.step.script] : [])));
  const values =
    used.size > 0
      ? await loadRenderData(
          db,
          tasks.map((r) => ({ memberId: r.live.memberId, context: r.live.context })),
          used,
        )
      : new Map();
  for (const run of tasks) {
    if (run.step.type !== 'task') continue;
    const data = (values.get(renderKeyOf({ memberId: run.live.memberId, context: run.live.context })) ?? {}) as Record<string, string>;
    await createStaffTask(db, {
      memberId: run.live.memberId,
      kind: run.step.kind,
      title: renderText(run.step.title, data).slice(0, 60),
      script: renderText(run.step.script, data),
      dueAt: new Date(now.getTime() + run.step.dueInHours * 3600_000),
      sourceKey: `journey:${run.live.id}:${run.step.id}:${run.visit}`,
      journeyId: run.live.journeyId,
    });
  }
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
    const ended = live.filter((l) => l.status === 'completed');
    await tx.execute(sql`
      update journey_enrollments e set step_id = x.step_id, next_run_at = x.next_run_at, status = x.status, context = x.context,
        ended_at = case when x.status = 'completed' then ${nowIso}::timestamptz else null end, exit_reason = x.exit_reason, updated_at = ${nowIso}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(
        live.map((l) => ({
          id: l.id,
          step_id: l.status === 'completed' ? null : l.stepId,
          next_run_at: l.status === 'completed' ? null : (l.nextRunAt ?? now).toISOString(),
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
        payload: { journeyId: l.journeyId, enrollmentId: l.id, status: 'completed', reason: l.exitReason },
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
