import { sql } from 'drizzle-orm';
import type { JourneyDefinition } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { queryRows } from '../../lib/sql';
import { armFor, type Arm } from '../experiments/assign';

/** A journey's current published version, as the triggers and the event consumer enroll members into it. */
export interface ActiveJourneyVersion {
  journeyId: number;
  versionId: number;
  definition: JourneyDefinition;
  experimentId: number | null;
  salt: string | null;
  /**
   * When the journey's first version was published: events from before it start nothing (enabling a welcome
   * journey must not welcome every member the outbox ever registered). Absent = no limit.
   */
  liveSince?: Date;
}

/** One member to enroll: `occurrence` names what made them enter (`event:42`, `order:7`, `2026-12-06`…). */
export interface EnrollRow {
  memberId: number;
  occurrence: string;
  context?: Record<string, unknown>;
}

/**
 * The active journeys (status active, published) whose current version starts on `triggerType`
 * (`event`, `birthday`, `schedule`…), with their experiment's salt.
 */
export async function activeVersionsFor(db: Executor, triggerType: string): Promise<ActiveJourneyVersion[]> {
  const rows = await queryRows<{
    journey_id: number;
    version_id: number;
    definition: JourneyDefinition;
    experiment_id: number | null;
    salt: string | null;
    live_since: Date | string;
  }>(
    db,
    sql`
      select j.id as journey_id, v.id as version_id, v.definition, e.id as experiment_id, e.salt,
        (select min(first.created_at) from journey_versions first where first.journey_id = j.id) as live_since
      from journeys j
      join journey_versions v on v.id = j.current_version_id
      left join experiments e on e.id = j.experiment_id
      where j.status = 'active' and v.definition -> 'trigger' ->> 'type' = ${triggerType}
      order by j.id`,
  );
  return rows.map((row) => ({
    journeyId: Number(row.journey_id),
    versionId: Number(row.version_id),
    definition: row.definition,
    experimentId: row.experiment_id === null ? null : Number(row.experiment_id),
    salt: row.salt,
    liveSince: new Date(row.live_since),
  }));
}

/**
 * Enrolls members into a journey version, set-based: one INSERT … SELECT … ON CONFLICT DO NOTHING.
 * Applies, in SQL against the rows already there:
 * - the journey must be active (a paused or archived journey admits no one);
 * - re-entry: `once` (stored with occurrence 'once', so the unique key makes it exact even under races;
 *   the caller's occurrence goes into context.occurrence), `after_exit` (no active/waiting enrollment of
 *   the journey), `every_time`; and `cooldownDays` since the member's last entry;
 * - PIPL: marketing journeys skip members whose 'personalized' consent is granted = false;
 * - experiment: the arm from armFor(salt, member); holdout rows are written with status 'holdout' and no
 *   step (they receive nothing but are counted), assignments written ON CONFLICT DO NOTHING.
 * Entrants start at `entryStepId`, due now. Returns how many rows entered.
 */
export async function enrollMembers(
  db: Executor,
  journey: { journeyId: number; versionId: number; definition: JourneyDefinition; experimentId: number | null; salt: string | null },
  rows: EnrollRow[],
  now: Date,
): Promise<number> {
  if (rows.length === 0) return 0;
  const { definition } = journey;
  const mode = definition.reentry.mode;
  const cooldownDays = definition.reentry.cooldownDays;
  const experiment = definition.experiment && journey.experimentId !== null && journey.salt ? definition.experiment : null;
  // One row per member unless every entry is allowed; the first occurrence wins.
  const seen = new Set<string>();
  const input: { member_id: number; occurrence: string; context: Record<string, unknown>; arm: Arm | null }[] = [];
  for (const row of rows) {
    if (!Number.isInteger(row.memberId) || row.memberId <= 0) continue;
    const occurrence = mode === 'once' ? 'once' : row.occurrence;
    const dedupeKey = mode === 'every_time' && cooldownDays === 0 ? `${row.memberId}:${occurrence}` : String(row.memberId);
    if (seen.has(dedupeKey)) continue;
    seen.add(dedupeKey);
    const context = mode === 'once' ? { ...(row.context ?? {}), occurrence: row.occurrence } : (row.context ?? {});
    const arm = experiment ? armFor(journey.salt!, row.memberId, experiment.holdoutBp, experiment.splitBp) : null;
    input.push({ member_id: row.memberId, occurrence, context, arm });
  }
  if (input.length === 0) return 0;
  const nowIso = now.toISOString();
  const reentryCheck =
    mode === 'after_exit'
      ? sql`and not exists (select 1 from journey_enrollments p where p.journey_id = ${journey.journeyId} and p.member_id = x.member_id and p.status in ('active','waiting'))`
      : sql``;
  const cooldownCheck =
    cooldownDays > 0
      ? sql`and not exists (select 1 from journey_enrollments c where c.journey_id = ${journey.journeyId} and c.member_id = x.member_id
            and c.entered_at > ${nowIso}::timestamptz - make_interval(days => ${cooldownDays}))`
      : sql``;
  const consentCheck =
    definition.purpose === 'marketing'
      ? sql`and not exists (select 1 from member_consents mc where mc.member_id = x.member_id and mc.channel = 'personalized' and mc.granted = false)`
      : sql``;
  const inserted = await queryRows<{ member_id: number; arm: string | null }>(
    db,
    sql`
      insert into journey_enrollments (journey_id, version_id, member_id, occurrence, status, arm, step_id, next_run_at, context, entered_at, updated_at)
      select ${journey.journeyId}, ${journey.versionId}, x.member_id, x.occurrence,
        case when x.arm = 'holdout' then 'holdout' else 'active' end,
        x.arm,
        case when x.arm = 'holdout' then null else ${definition.entryStepId} end,
        case when x.arm = 'holdout' then null else ${nowIso}::timestamptz end,
        coalesce(x.context, '{}'::jsonb),
        ${nowIso}::timestamptz, ${nowIso}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(input)}::jsonb) as x(member_id int, occurrence text, context jsonb, arm text)
      where exists (select 1 from journeys j where j.id = ${journey.journeyId} and j.status = 'active')
        and exists (select 1 from members m where m.id = x.member_id)
        ${reentryCheck}
        ${cooldownCheck}
        ${consentCheck}
      on conflict (journey_id, member_id, occurrence) do nothing
      returning member_id, arm`,
  );
  if (inserted.length > 0 && experiment && journey.experimentId !== null) {
    const assignments = inserted.map((row) => ({ member_id: Number(row.member_id), arm: row.arm }));
    await db.execute(sql`
      insert into experiment_assignments (experiment_id, member_id, arm, assigned_at)
      select ${journey.experimentId}, x.member_id, x.arm, ${nowIso}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(assignments)}::jsonb) as x(member_id int, arm text)
      on conflict (experiment_id, member_id) do nothing`);
  }
  return inserted.length;
}

/**
 * Enrolls into every active journey starting on `triggerType`: `rowsFor` picks (and may filter) the rows
 * for each journey from its definition (an empty list skips it). Returns the total entered.
 */
export async function enrollForTrigger(db: Executor, triggerType: string, rowsFor: (journey: ActiveJourneyVersion) => EnrollRow[], now: Date): Promise<number> {
  const journeys = await activeVersionsFor(db, triggerType);
  let total = 0;
  for (const journey of journeys) {
    const rows = rowsFor(journey);
    if (rows.length > 0) total += await enrollMembers(db, journey, rows, now);
  }
  return total;
}
