import { sql } from 'drizzle-orm';
import { chinaDate, monthOf, type CohortRow, type CohortsReport, type Fen } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { queryRows } from '../../lib/sql';
import { channelNames, divideRounded, num, rate } from './common';

/** Months since the first order a cohort is followed for (k = 0 … 24). */
export const COHORT_MAX_MONTHS = 24;

export interface CohortsQuery {
  from: string;
  to: string;
  channelId?: number | undefined;
}

/** 'YYYY-MM-01' + n months. */
export function addMonths(month: string, n: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/** Whole months from `a` to `b` ('YYYY-MM-01'). */
export function monthsBetween(a: string, b: string): number {
  return (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));
}

/**
 * Retention cohorts and LTV (docs/metrics.md): a member's cohort is the month of their first paid order; the
 * cohorts are the months from..to touch. active[k] = cohort members with a paid order in calendar month k after
 * (k = 0 the cohort month), followed up to 24 months and never past the current month; LTV[k] = Σ paid − Σ refunded
 * (each refund on its own day) of the cohort's members up to month k, per cohort member, rounded half up to the fen.
 * LTV per acquisition channel pools the cohorts: at month k it averages over the members whose cohort has reached k.
 * Reads the pre-aggregate stats_cohort_months only (a cohort's size is its month-0 activity).
 */
export async function cohortsReport(db: Executor, query: CohortsQuery, now: Date): Promise<CohortsReport> {
  const first = monthOf(query.from);
  const last = monthOf(query.to);
  const current = monthOf(chinaDate(now));
  const channelFilter = query.channelId === undefined ? sql`` : sql` and channel_id = ${query.channelId}`;
  // A cohort's size is its month-0 activity: every member of it paid in the cohort month.
  const activity = await queryRows<{ cohort: string; channel_id: number; month: string; active: unknown; net: unknown }>(
    db,
    sql`select cohort_month::text as cohort, channel_id, month::text as month, active_members as active, net_fen as net
      from stats_cohort_months
      where cohort_month between ${first}::date and ${last}::date and month <= ${current}::date
        and month <= cohort_month + ${`${COHORT_MAX_MONTHS} months`}::interval${channelFilter}`,
  );

  const followed = (cohort: string) => Math.max(0, Math.min(COHORT_MAX_MONTHS, monthsBetween(cohort, current)));
  interface Cell {
    members: number;
    active: number[];
    net: number[];
  }
  /** cohort → channel → figures */
  const cells = new Map<string, Map<number, Cell>>();
  const cell = (cohort: string, channelId: number): Cell => {
    let byChannel = cells.get(cohort);
    if (!byChannel) cells.set(cohort, (byChannel = new Map()));
    let found = byChannel.get(channelId);
    if (!found) {
      const length = followed(cohort) + 1;
      byChannel.set(channelId, (found = { members: 0, active: new Array<number>(length).fill(0), net: new Array<number>(length).fill(0) }));
    }
    return found;
  };
  for (const row of activity) {
    const target = cell(row.cohort, Number(row.channel_id));
    const k = monthsBetween(row.cohort, row.month);
    if (k === 0) target.members += num(row.active);
    if (k < 0 || k >= target.active.length) continue;
    target.active[k] = (target.active[k] ?? 0) + num(row.active);
    target.net[k] = (target.net[k] ?? 0) + num(row.net);
  }
  const cumulative = (values: number[]) => {
    let sum = 0;
    return values.map((value) => (sum += value));
  };

  const cohorts: CohortRow[] = [];
  for (let month = first; month <= last; month = addMonths(month, 1)) {
    const length = followed(month) + 1;
    const active = new Array<number>(length).fill(0);
    const net = new Array<number>(length).fill(0);
    let members = 0;
    for (const figures of cells.get(month)?.values() ?? []) {
      members += figures.members;
      figures.active.forEach((value, k) => (active[k] = (active[k] ?? 0) + value));
      figures.net.forEach((value, k) => (net[k] = (net[k] ?? 0) + value));
    }
    cohorts.push({
      month,
      members,
      active,
      retention: active.map((value) => rate(value, members)),
      ltvFen: cumulative(net).map((value) => divideRounded(value, members) as Fen),
    });
  }

  /** channel → k → { members reaching k, their cumulative net by k } */
  const pooled = new Map<number, { members: number; eligible: number[]; net: number[] }>();
  for (const [cohort, byChannel] of cells) {
    for (const [channelId, figures] of byChannel) {
      let target = pooled.get(channelId);
      if (!target) pooled.set(channelId, (target = { members: 0, eligible: [], net: [] }));
      target.members += figures.members;
      const running = cumulative(figures.net);
      for (let k = 0; k <= followed(cohort); k += 1) {
        target.eligible[k] = (target.eligible[k] ?? 0) + figures.members;
        target.net[k] = (target.net[k] ?? 0) + (running[k] ?? 0);
      }
    }
  }
  const names = await channelNames(db, pooled.keys());
  const ltvByChannel = [...pooled.entries()]
    .filter(([, figures]) => figures.members > 0)
    .map(([channelId, figures]) => ({
      channelId,
      channelName: names.get(channelId) ?? `渠道 #${channelId}`,
      members: figures.members,
      ltvFen: figures.net.map((value, k) => divideRounded(value, figures.eligible[k] ?? 0) as Fen),
    }))
    .sort((a, b) => b.members - a.members || a.channelId - b.channelId);
  return { from: query.from, to: query.to, cohorts, ltvByChannel };
}
