import { sql } from 'drizzle-orm';
import type { JourneyDefinition, JourneyStep, SegmentDefinition } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { encodeCursor, decodeCursor } from '../../lib/cursor';
import { AppError } from '../../lib/errors';
import { queryRows } from '../../lib/sql';
import { compileSegment, SEGMENT_FROM } from '../segments/compile';
import { loadJourney, type JourneyRow } from './service';
import { OPENED } from './steps';

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** Every journey with its current version number and enrollment counts (entered, in flight, goal). */
export async function listJourneys(db: Executor) {
  const rows = await queryRows<{
    id: number;
    name: string;
    status: string;
    purpose: string;
    template_key: string | null;
    version: number | null;
    entered: number;
    active: number;
    goal: number;
    updated_at: Date | string;
  }>(
    db,
    sql`select j.id, j.name, j.status, j.purpose, j.template_key, v.version, j.updated_at,
          coalesce(c.entered, 0)::int as entered, coalesce(c.active, 0)::int as active, coalesce(c.goal, 0)::int as goal
        from journeys j
        left join journey_versions v on v.id = j.current_version_id
        left join (
          select journey_id, count(*) as entered, count(*) filter (where status in ('active','waiting')) as active,
            count(*) filter (where status = 'goal') as goal
          from journey_enrollments group by journey_id
        ) c on c.journey_id = j.id
        order by j.id desc`,
  );
  return rows.map((row) => ({
    id: Number(row.id),
    name: row.name,
    status: row.status,
    purpose: row.purpose,
    templateKey: row.template_key,
    version: row.version === null ? null : Number(row.version),
    entered: Number(row.entered),
    active: Number(row.active),
    goal: Number(row.goal),
    updatedAt: iso(row.updated_at),
  }));
}

export interface StepCounts {
  entered: number;
  done: number;
  yes: number;
  no: number;
  sent: number;
  skipped: number;
}

/** Per-step counts of a version: runs by outcome, intents sent / skipped. */
export async function stepCounts(db: Executor, versionId: number): Promise<Record<string, StepCounts>> {
  const counts: Record<string, StepCounts> = {};
  const of = (stepId: string) => (counts[stepId] ??= { entered: 0, done: 0, yes: 0, no: 0, sent: 0, skipped: 0 });
  const runs = await queryRows<{ step_id: string; outcome: string; n: number }>(
    db,
    sql`select step_id, outcome, count(*)::int as n from journey_step_runs where version_id = ${versionId} group by step_id, outcome`,
  );
  for (const row of runs) {
    const c = of(row.step_id);
    const n = Number(row.n);
    c.entered += n;
    if (row.outcome === 'done' || row.outcome === 'intent') c.done += n;
    else if (row.outcome === 'yes') c.yes += n;
    else if (row.outcome === 'no') c.no += n;
    else if (row.outcome === 'skipped') c.skipped += n;
  }
  const intents = await queryRows<{ step_id: string; status: string; n: number }>(
    db,
    sql`select i.step_id, i.status, count(*)::int as n from message_intents i join journey_enrollments e on e.id = i.enrollment_id
        where e.version_id = ${versionId} and i.step_id is not null group by i.step_id, i.status`,
  );
  for (const row of intents) {
    if (row.status === 'sent' || row.status === 'delivered') of(row.step_id).sent += Number(row.n);
    else if (row.status === 'skipped' || row.status === 'failed') of(row.step_id).skipped += Number(row.n);
  }
  return counts;
}

/** A journey with its draft, current version, versions and the current version's per-step counts. */
export async function journeyDetail(db: Executor, journeyId: number) {
  const journey = await loadJourney(db, journeyId);
  const versions = await queryRows<{ id: number; version: number; definition: JourneyDefinition; published_at: Date | string; published_by: number | null }>(
    db,
    sql`select id, version, definition, created_at as published_at, published_by from journey_versions where journey_id = ${journeyId} order by version desc`,
  );
  const current = versions.find((v) => Number(v.id) === journey.currentVersionId) ?? null;
  return {
    ...journey,
    currentVersion: current
      ? { id: Number(current.id), version: Number(current.version), definition: current.definition, publishedAt: iso(current.published_at) }
      : null,
    versions: versions.map((v) => ({ id: Number(v.id), version: Number(v.version), publishedAt: iso(v.published_at), publishedBy: v.published_by })),
    stepCounts: current ? await stepCounts(db, Number(current.id)) : {},
  };
}

/** A page of a journey's enrollments, newest first, optionally by status. */
export async function listEnrollments(db: Executor, journeyId: number, query: { status?: string; cursor?: string; limit: number }) {
  await loadJourney(db, journeyId);
  const after = query.cursor ? decodeCursor(query.cursor, ['int8'] as const)[0] : null;
  const rows = await queryRows<{
    id: string;
    member_id: number;
    nickname: string;
    version_id: number;
    status: string;
    arm: string | null;
    step_id: string | null;
    next_run_at: Date | string | null;
    entered_at: Date | string;
    ended_at: Date | string | null;
    exit_reason: string | null;
    occurrence: string;
  }>(
    db,
    sql`select e.id::text, e.member_id, m.nickname, e.version_id, e.status, e.arm, e.step_id, e.next_run_at, e.entered_at, e.ended_at, e.exit_reason, e.occurrence
        from journey_enrollments e join members m on m.id = e.member_id
        where e.journey_id = ${journeyId}
          ${query.status ? sql`and e.status = ${query.status}` : sql``}
          ${after !== null ? sql`and e.id < ${after}` : sql``}
        order by e.id desc limit ${query.limit + 1}`,
  );
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((row) => ({
      id: Number(row.id),
      memberId: Number(row.member_id),
      memberName: row.nickname,
      versionId: Number(row.version_id),
      status: row.status,
      arm: row.arm,
      stepId: row.step_id,
      occurrence: row.occurrence,
      nextRunAt: iso(row.next_run_at),
      enteredAt: iso(row.entered_at),
      endedAt: iso(row.ended_at),
      exitReason: row.exit_reason,
    })),
    nextCursor: rows.length > query.limit ? encodeCursor([Number(page[page.length - 1]!.id)]) : null,
  };
}

const STEP_NOTES: Record<JourneyStep['type'], string> = {
  wait: '等待',
  branch: '条件判断',
  send: '发送消息',
  grant_coupon: '发优惠券',
  grant_points: '发积分',
  tag: '标签',
  task: '创建员工任务',
};

async function branchHolds(
  db: Executor,
  step: Extract<JourneyStep, { type: 'branch' }>,
  memberId: number,
  journeyId: number,
  now: Date,
): Promise<{ yes: boolean; note: string }> {
  const condition = step.condition;
  if (condition.kind === 'segment') {
    const [segment] = await queryRows<{ definition: SegmentDefinition }>(db, sql`select definition from segments where id = ${condition.segmentId}`);
    if (!segment) return { yes: false, note: '分群不存在' };
    const rows = await queryRows<{ id: number }>(
      db,
      sql`select m.id from ${SEGMENT_FROM} where m.id = ${memberId} and ${compileSegment(segment.definition, now)}`,
    );
    return { yes: rows.length > 0, note: rows.length > 0 ? '在分群中' : '不在分群中' };
  }
  if (condition.kind === 'tag') {
    const rows = await queryRows<{ n: number }>(db, sql`select 1 as n from member_tags where member_id = ${memberId} and tag_id = ${condition.tagId}`);
    return { yes: rows.length > 0, note: rows.length > 0 ? '有这个标签' : '没有这个标签' };
  }
  const [enrollment] = await queryRows<{ id: string; entered_at: Date | string }>(
    db,
    sql`select id::text, entered_at from journey_enrollments where journey_id = ${journeyId} and member_id = ${memberId} order by id desc limit 1`,
  );
  if (!enrollment) return { yes: false, note: '尚未进入旅程，按“否”预估' };
  if (condition.kind === 'ordered_since_entry') {
    const rows = await queryRows<{ n: number }>(
      db,
      sql`select 1 as n from orders where member_id = ${memberId} and paid_at is not null and paid_at >= ${iso(enrollment.entered_at)}::timestamptz limit 1`,
    );
    return { yes: rows.length > 0, note: rows.length > 0 ? '进入后已下单' : '进入后未下单' };
  }
  const rows = await queryRows<{ n: number }>(
    db,
    sql`select 1 as n from message_intents where enrollment_id = ${Number(enrollment.id)} and step_id = ${condition.stepId} and ${OPENED}`,
  );
  return { yes: rows.length > 0, note: rows.length > 0 ? '已打开' : '未打开' };
}

/**
 * The path a member would take through the journey's current version (the draft when unpublished),
 * branches evaluated on the member's data now; nothing is written.
 */
export async function previewPath(db: Executor, journey: JourneyRow, memberId: number, now: Date) {
  const [member] = await queryRows<{ id: number }>(db, sql`select id from members where id = ${memberId}`);
  if (!member) throw new AppError('MEMBER_NOT_FOUND');
  let definition = journey.draft;
  if (journey.currentVersionId !== null) {
    const [version] = await queryRows<{ definition: JourneyDefinition }>(
      db,
      sql`select definition from journey_versions where id = ${journey.currentVersionId}`,
    );
    if (version) definition = version.definition;
  }
  const byId = new Map(definition.steps.map((step) => [step.id, step]));
  const steps: { stepId: string; type: string; outcome: string; note: string }[] = [];
  const seen = new Set<string>();
  let current: string | null = definition.entryStepId;
  while (current !== null && steps.length < 60) {
    const step = byId.get(current);
    if (!step) break;
    if (seen.has(step.id)) {
      steps.push({ stepId: step.id, type: step.type, outcome: 'loop', note: '回到已经过的步骤（循环），预览到此为止' });
      break;
    }
    seen.add(step.id);
    if (step.type === 'branch') {
      const { yes, note } = await branchHolds(db, step, memberId, journey.id, now);
      steps.push({ stepId: step.id, type: step.type, outcome: yes ? 'yes' : 'no', note });
      current = yes ? step.yes : step.no;
      continue;
    }
    let note = STEP_NOTES[step.type];
    if (step.type === 'wait') note = step.untilTime ? `等到 ${step.untilTime}（北京时间）` : `等待 ${step.minutes ?? 0} 分钟`;
    if (step.type === 'send') note = `发送 ${step.content.channel} 消息（${step.content.template}）`;
    if (step.type === 'tag') note = step.action === 'add' ? `加标签 ${step.tagId}` : `去标签 ${step.tagId}`;
    if (step.type === 'grant_coupon') note = `发优惠券 ${step.couponId}${step.variants?.B ? `（实验 B 组发 ${step.variants.B.couponId}）` : ''}`;
    if (step.type === 'grant_points') note = `发 ${step.points} 积分`;
    steps.push({ stepId: step.id, type: step.type, outcome: 'done', note });
    current = step.next;
  }
  return { steps };
}
