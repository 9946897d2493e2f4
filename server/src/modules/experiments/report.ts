import { newcombeInterval, welchInterval, type ArmLift, type ArmReport, type ExperimentReport, type ExperimentView } from '@siyu/shared';
import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { AppError } from '../../lib/errors';
import { queryRows } from '../../lib/sql';

export type { ArmLift, ArmReport, ExperimentReport, ExperimentView } from '@siyu/shared';

/** Orders that were paid (money taken), whatever happened after; cancelled-before-payment orders never count. */
const PAID_STATUSES = sql`('paid','shipped','completed','refunding','partially_refunded','refunded')`;
export const SMALL_SAMPLE_WARNING = '样本太少，尚不能判断';
/** Below these an arm's numbers are shown but flagged with the warning. */
export const MIN_ARM_MEMBERS = 100;
export const MIN_ARM_CONVERSIONS = 5;

interface ExperimentRow {
  id: number;
  name: string;
  kind: 'journey' | 'campaign';
  journey_id: number | null;
  campaign_id: number | null;
  source_name: string | null;
  holdout_bp: number;
  split_bp: number;
  conversion_days: number;
  started_at: Date | string;
  ended_at: Date | string | null;
  entrants: number | string;
}

const iso = (value: Date | string): string => new Date(value).toISOString();

function viewOf(row: ExperimentRow): ExperimentView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    journeyId: row.journey_id,
    campaignId: row.campaign_id,
    sourceName: row.source_name,
    holdoutBp: row.holdout_bp,
    splitBp: row.split_bp,
    conversionDays: row.conversion_days,
    startedAt: iso(row.started_at),
    endedAt: row.ended_at === null ? null : iso(row.ended_at),
    entrants: Number(row.entrants),
  };
}

const experimentSelect = sql`select e.id, e.name, e.kind, e.journey_id, e.campaign_id, coalesce(j.name, c.name) as source_name,
    e.holdout_bp, e.split_bp, e.conversion_days, e.started_at, e.ended_at,
    (select count(*) from experiment_assignments ea where ea.experiment_id = e.id) as entrants
  from experiments e
  left join journeys j on j.id = e.journey_id
  left join campaigns c on c.id = e.campaign_id`;

/** Every experiment, newest first, with its journey's or campaign's name and its entrants so far. */
export async function listExperiments(db: Executor): Promise<ExperimentView[]> {
  const rows = await queryRows<ExperimentRow>(db, sql`${experimentSelect} order by e.id desc limit 500`);
  return rows.map(viewOf);
}

export async function getExperiment(db: Executor, id: number): Promise<ExperimentView> {
  const [row] = await queryRows<ExperimentRow>(db, sql`${experimentSelect} where e.id = ${id}`);
  if (!row) throw new AppError('NOT_FOUND', '实验不存在');
  return viewOf(row);
}

interface ArmRow {
  arm: 'A' | 'B' | 'holdout';
  entrants: number | string;
  conversions: number | string;
  gmv_fen: number | string;
  gmv_variance: number | string | null;
}

/**
 * Per arm: entrants (assignments), conversions
 * (members with a paid order not cancelled and not fully refunded, paid within conversionDays of their
 * assignment), GMV (payable − refunded of the paid orders in that window, fen) and the per-member GMV variance.
 */
async function armRows(db: Executor, experimentId: number, conversionDays: number): Promise<ArmRow[]> {
  return queryRows<ArmRow>(
    db,
    sql`with a as (
        select member_id, arm, assigned_at from experiment_assignments where experiment_id = ${experimentId}
      ), per_member as (
        select a.member_id, a.arm,
          coalesce(sum(o.payable_fen - o.refunded_fen), 0)::numeric as net_fen,
          coalesce(bool_or(o.status <> 'refunded' and (o.refunded_fen < o.payable_fen or o.payable_fen = 0)), false) as converted
        from a
        left join orders o on o.member_id = a.member_id and o.paid_at is not null and o.status in ${PAID_STATUSES}
          and o.paid_at >= a.assigned_at and o.paid_at < a.assigned_at + make_interval(days => ${conversionDays}::int)
        group by a.member_id, a.arm
      )
      select p.arm, count(*) as entrants, count(*) filter (where p.converted) as conversions,
        sum(p.net_fen)::text as gmv_fen, var_samp(p.net_fen)::float8 as gmv_variance
      from per_member p group by p.arm`,
  );
}

/** Sends per arm: the experiment's message intents of that arm that went out (sent or delivered). */
async function sendsPerArm(db: Executor, experimentId: number): Promise<Map<string, number>> {
  const rows = await queryRows<{ arm: string; sends: number | string }>(
    db,
    sql`select arm, count(*) as sends from message_intents where experiment_id = ${experimentId} and status in ('sent','delivered') and arm is not null group by arm`,
  );
  return new Map(rows.map((row) => [row.arm, Number(row.sends)]));
}

interface ArmStats {
  arm: 'A' | 'B' | 'holdout';
  entrants: number;
  conversions: number;
  gmvFen: number;
  variance: number;
  sends: number;
}

/** The lift of a treated arm over the holdout: Newcombe for the conversion difference, Welch for GMV/member. */
export function liftOf(treated: ArmStats, holdout: ArmStats): ArmLift | null {
  if (treated.entrants < 2 || holdout.entrants < 2) return null;
  const conversion = newcombeInterval(treated.conversions, treated.entrants, holdout.conversions, holdout.entrants);
  const gmv = welchInterval(
    { n: treated.entrants, mean: treated.gmvFen / treated.entrants, variance: treated.variance },
    { n: holdout.entrants, mean: holdout.gmvFen / holdout.entrants, variance: holdout.variance },
  );
  return {
    conversion: { diff: conversion.estimate, low: conversion.low, high: conversion.high },
    gmvPerMember: { diffFen: Math.round(gmv.estimate), lowFen: Math.round(gmv.low), highFen: Math.round(gmv.high) },
    incrementalGmvFen: Math.round(gmv.estimate * treated.entrants),
  };
}

/** The experiment's report: one row per arm it has (A, B when split, holdout when held out) and the lifts. */
export async function experimentReport(db: Executor, id: number): Promise<ExperimentReport> {
  const experiment = await getExperiment(db, id);
  const rows = await armRows(db, id, experiment.conversionDays);
  const sends = await sendsPerArm(db, id);
  const wanted: ArmStats['arm'][] = ['A'];
  if (experiment.splitBp > 0) wanted.push('B');
  if (experiment.holdoutBp > 0) wanted.push('holdout');
  for (const row of rows) if (!wanted.includes(row.arm)) wanted.push(row.arm);
  const stats: ArmStats[] = wanted.map((arm) => {
    const row = rows.find((r) => r.arm === arm);
    return {
      arm,
      entrants: Number(row?.entrants ?? 0),
      conversions: Number(row?.conversions ?? 0),
      gmvFen: Number(row?.gmv_fen ?? 0),
      variance: Number(row?.gmv_variance ?? 0),
      sends: sends.get(arm) ?? 0,
    };
  });
  const holdout = stats.find((s) => s.arm === 'holdout');
  const arms: ArmReport[] = stats.map((s) => ({
    arm: s.arm,
    entrants: s.entrants,
    sends: s.sends,
    conversions: s.conversions,
    conversionRate: s.entrants === 0 ? 0 : s.conversions / s.entrants,
    gmvFen: s.gmvFen,
    gmvPerMemberFen: s.entrants === 0 ? 0 : Math.round(s.gmvFen / s.entrants),
    liftVsHoldout: s.arm !== 'holdout' && holdout ? liftOf(s, holdout) : null,
  }));
  const small = !holdout || holdout.entrants === 0 || stats.some((s) => s.entrants < MIN_ARM_MEMBERS || s.conversions < MIN_ARM_CONVERSIONS);
  return { experiment, arms, warning: small ? SMALL_SAMPLE_WARNING : null };
}
