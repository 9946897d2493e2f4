import { sql } from 'drizzle-orm';
import type { JourneyDefinition, JourneyStep, SegmentDefinition, SendContent } from '@siyu/shared';
import type { ServiceContext } from '../../context';
import type { Executor } from '../../db/client';
import { AppError } from '../../lib/errors';
import { queryRows } from '../../lib/sql';
import { grantCouponOnce } from '../coupons/grant';
import { earnPoints } from '../points/earn';
import { compileSegment, SEGMENT_FROM } from '../segments/compile';
import { createStaffTask } from '../staff-tasks/service';
import { loadRenderData, placeholdersIn, renderKeyOf, renderText, renderVariables } from './render';

/** The step effects of the runner, set-based over one round of a claimed batch (all in the batch's transaction). */
export interface Live {
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
  status: 'active' | 'completed' | 'exited';
  nextRunAt: Date | null;
  parked: boolean;
  exitReason: string | null;
}

export interface Run {
  live: Live;
  step: JourneyStep;
  visit: number;
  outcome: string;
  reason: string | null;
  next: string | null;
}

export const idArray = (ids: number[]) => `{${[...new Set(ids)].join(',')}}`;

/**
 * "Message opened" on a message_intents row: read in the 消息 center (opened_at). An in-app message is
 * 'delivered' the moment it is written, so that status says nothing about opening; for the pushed channels,
 * which report no opens, a delivery receipt is the nearest signal.
 */
export const OPENED = sql`(opened_at is not null or (status = 'delivered' and channel <> 'inapp'))`;

/** Branch outcomes for the runs (set-based per condition). */
export async function evaluateBranches(db: Executor, runs: Run[], now: Date): Promise<void> {
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
              where enrollment_id = any(${idArray(opened.map((r) => r.live.id))}::bigint[]) and ${OPENED}`,
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
export async function writeIntents(db: Executor, runs: Run[], now: Date, definitions: Map<number, JourneyDefinition>): Promise<void> {
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

export async function applyTags(db: Executor, runs: Run[], now: Date): Promise<void> {
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
export async function applyGrants(db: Executor, runs: Run[], now: Date): Promise<void> {
  for (const run of runs) {
    const step = run.step;
    if (step.type !== 'grant_coupon' && step.type !== 'grant_points') continue;
    const sourceKey = `journey:${run.live.id}:${step.id}:${run.visit}`;
    try {
      await db.transaction(async (sp) => {
        const sc: ServiceContext = { db: sp, requestId: `journey-${run.live.id}`, now, ip: null };
        if (step.type === 'grant_coupon') {
          // Lure A vs B: arm B of the journey's experiment gets the B coupon when the step has one.
          const templateId = run.live.arm === 'B' && step.variants?.B ? step.variants.B.couponId : step.couponId;
          const result = await grantCouponOnce(sc, { templateId, memberId: run.live.memberId, source: 'journey', sourceKey });
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

export async function createTasks(db: Executor, runs: Run[], now: Date): Promise<void> {
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
