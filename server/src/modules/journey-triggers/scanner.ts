import { sql, type SQL } from 'drizzle-orm';
import type { JourneyTrigger, SegmentDefinition } from '@siyu/shared';
import type { Db, Executor } from '../../db/client';
import type { Logger } from '../../lib/logger';
import { queryRows } from '../../lib/sql';
import { activeVersionsFor, enrollMembers, type ActiveJourneyVersion, type EnrollRow } from '../journeys/enroll';
import { compileSegment, SEGMENT_FROM } from '../segments';
import { runDueCampaigns } from '../campaigns';
import { triggerCandidates } from './candidates';
import { latestScheduledRun } from './schedule';
import { chinaDate } from './time';

/** Rows handed to one enrollMembers call (one INSERT … SELECT each). */
const ENROLL_CHUNK = 5000;

/** The time-based triggers the scanner evaluates (segment and schedule ones have their own step). */
export const TIME_TRIGGER_TYPES = [
  'order_unpaid',
  'delivered',
  'cart_abandoned',
  'birthday',
  'downgrade_warning',
  'points_expiring',
  'coupon_expiring',
  'repurchase_due',
] as const;

export interface ScanDeps {
  db: Db;
  logger?: Pick<Logger, 'info' | 'error'>;
  now(): Date;
}

export interface ScanResult {
  /** Members enrolled, by trigger type. */
  entered: Record<string, number>;
  /** Campaigns whose members were enqueued on this scan. */
  campaigns: number;
}

async function enrollInChunks(db: Executor, journey: ActiveJourneyVersion, rows: EnrollRow[], now: Date): Promise<number> {
  let total = 0;
  for (let i = 0; i < rows.length; i += ENROLL_CHUNK) total += await enrollMembers(db, journey, rows.slice(i, i + ENROLL_CHUNK), now);
  return total;
}

/**
 * Candidates not yet enrolled for the same occurrence (or at all, for a `once` journey): the enrollment's
 * unique key would refuse them anyway; filtering here keeps each rescan's insert small.
 */
async function freshCandidates(db: Executor, journey: ActiveJourneyVersion, candidates: SQL): Promise<EnrollRow[]> {
  const once = journey.definition.reentry.mode === 'once';
  const rows = await queryRows<{ member_id: number; occurrence: string; context: Record<string, unknown> | null }>(
    db,
    sql`select c.member_id, c.occurrence, c.context from (${candidates}) c
      where not exists (select 1 from journey_enrollments e where e.journey_id = ${journey.journeyId} and e.member_id = c.member_id
        and e.occurrence = ${once ? sql`'once'` : sql`c.occurrence`})
      order by c.member_id, c.occurrence`,
  );
  return rows.map((row) => ({ memberId: Number(row.member_id), occurrence: row.occurrence, context: row.context ?? {} }));
}

async function segmentDefinition(db: Executor, segmentId: number): Promise<SegmentDefinition | null> {
  const [row] = await queryRows<{ definition: SegmentDefinition; status: string }>(db, sql`select definition, status from segments where id = ${segmentId}`);
  return row && row.status === 'active' ? row.definition : null;
}

/** The members of a segment now, as a SELECT of `id`. */
function segmentMembersSql(definition: SegmentDefinition, now: Date): SQL {
  return sql`select m.id from ${SEGMENT_FROM} where ${compileSegment(definition, now)}`;
}

/**
 * segment_entered: members in the segment now who were not at the last scan. The first scan of a journey
 * only records who is in (they did not enter; they were there). Then the seen set follows the segment.
 */
async function scanSegmentEntered(db: Db, journey: ActiveJourneyVersion, now: Date): Promise<number> {
  const trigger = journey.definition.trigger as Extract<JourneyTrigger, { type: 'segment_entered' }>;
  const definition = await segmentDefinition(db, trigger.segmentId);
  if (!definition) return 0;
  const current = segmentMembersSql(definition, now);
  return db.transaction(async (tx) => {
    const claimed = await queryRows<{ last_run: string }>(
      tx,
      sql`insert into journey_trigger_state (journey_id, last_run, updated_at) values (${journey.journeyId}, 'primed', ${now.toISOString()}::timestamptz)
        on conflict (journey_id) do update set updated_at = excluded.updated_at
        returning (xmax = 0) as inserted, last_run`,
    );
    const isFirst = (claimed[0] as unknown as { inserted: boolean } | undefined)?.inserted === true;
    let entered = 0;
    if (!isFirst) {
      const day = chinaDate(now);
      const newcomers = await queryRows<{ id: number }>(
        tx,
        sql`select cur.id from (${current}) cur
          where not exists (select 1 from journey_segment_members s where s.journey_id = ${journey.journeyId} and s.member_id = cur.id)
          order by cur.id`,
      );
      const rows = newcomers.map((row) => ({ memberId: Number(row.id), occurrence: `segment:${day}`, context: { segmentId: trigger.segmentId } }));
      entered = await enrollInChunks(tx, journey, rows, now);
      await tx.execute(
        sql`delete from journey_segment_members s where s.journey_id = ${journey.journeyId} and s.member_id not in (select cur.id from (${current}) cur)`,
      );
    }
    await tx.execute(
      sql`insert into journey_segment_members (journey_id, member_id, created_at)
        select ${journey.journeyId}, cur.id, ${now.toISOString()}::timestamptz from (${current}) cur
        on conflict do nothing`,
    );
    return entered;
  });
}

/** schedule: at the start and each repeat, the segment's members enter with the run's China date as occurrence. */
async function scanSchedule(db: Db, journey: ActiveJourneyVersion, now: Date): Promise<number> {
  const trigger = journey.definition.trigger as Extract<JourneyTrigger, { type: 'schedule' }>;
  const run = latestScheduledRun(trigger.startAt, trigger.repeat, now);
  if (!run) return 0;
  const runDate = chinaDate(run);
  const [state] = await queryRows<{ last_run: string }>(db, sql`select last_run from journey_trigger_state where journey_id = ${journey.journeyId}`);
  if (state?.last_run === runDate) return 0;
  const definition = await segmentDefinition(db, trigger.segmentId);
  if (!definition) return 0;
  return db.transaction(async (tx) => {
    // Claim the run: of two scanners at once, the second finds the date written and stops.
    const claimed = await queryRows<{ journey_id: number }>(
      tx,
      sql`insert into journey_trigger_state (journey_id, last_run, updated_at) values (${journey.journeyId}, ${runDate}, ${now.toISOString()}::timestamptz)
        on conflict (journey_id) do update set last_run = excluded.last_run, updated_at = excluded.updated_at
          where journey_trigger_state.last_run <> excluded.last_run
        returning journey_id`,
    );
    if (claimed.length === 0) return 0;
    const rows = await freshCandidates(
      tx,
      journey,
      sql`select cur.id as member_id, ${runDate}::text as occurrence, jsonb_build_object('segmentId', ${trigger.segmentId}::int) as context
        from (${segmentMembersSql(definition, now)}) cur`,
    );
    return enrollInChunks(tx, journey, rows, now);
  });
}

/**
 * One scan: every active journey version whose trigger is time-based enrolls the members due now, then due
 * campaigns are enqueued. Safe to repeat and to run on several instances: occurrences are stable and the
 * enrollment and intent keys are unique.
 */
export async function scanTimeTriggers(deps: ScanDeps, now: Date): Promise<ScanResult> {
  const entered: Record<string, number> = {};
  for (const type of TIME_TRIGGER_TYPES) {
    for (const journey of await activeVersionsFor(deps.db, type)) {
      const trigger = journey.definition.trigger as Parameters<typeof triggerCandidates>[0];
      const rows = await freshCandidates(deps.db, journey, triggerCandidates(trigger, now));
      entered[type] = (entered[type] ?? 0) + (rows.length ? await enrollInChunks(deps.db, journey, rows, now) : 0);
    }
  }
  for (const journey of await activeVersionsFor(deps.db, 'segment_entered')) {
    entered.segment_entered = (entered.segment_entered ?? 0) + (await scanSegmentEntered(deps.db, journey, now));
  }
  for (const journey of await activeVersionsFor(deps.db, 'schedule')) {
    entered.schedule = (entered.schedule ?? 0) + (await scanSchedule(deps.db, journey, now));
  }
  const campaigns = await runDueCampaigns(deps.db, now);
  return { entered, campaigns };
}

/** Runs scanTimeTriggers every `intervalMs` (60 s), one scan at a time; stop() waits for the one running. */
export function startTriggerScanner(deps: ScanDeps, intervalMs = 60_000): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = scanTimeTriggers(deps, deps.now())
      .then((result) => {
        const total = Object.values(result.entered).reduce((sum, n) => sum + n, 0);
        if (total || result.campaigns) deps.logger?.info({ entered: result.entered, campaigns: result.campaigns }, 'journey trigger scan');
      })
      .catch((error: unknown) => deps.logger?.error({ err: error }, 'journey trigger scan failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
