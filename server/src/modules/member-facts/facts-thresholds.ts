import { sql } from 'drizzle-orm';
import type { CrmSettings, RfmThresholdsInForce } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { queryRows } from '../../lib/sql';
import { shanghaiDay } from './facts-repo';

/* The RFM thresholds of a full rebuild, and the member-id plan of its write chunks. */

/** Paying members in the RFM window, their figures' mean, median and quintile cut points. */
interface ThresholdFigures {
  n: number;
  mean_r: number | string | null;
  mean_f: number | string | null;
  mean_m: number | string | null;
  med_r: number | string | null;
  med_f: number | string | null;
  med_m: number | string | null;
  q_r: number[] | null;
  q_f: number[] | null;
  q_m: number[] | null;
}

/**
 * The thresholds the settings put in force as of `now`: over the members with a paid order in the window
 * (recency days, window orders, window net fen), the mean (recency rounded down, frequency and monetary
 * up: "at or better than the mean") or the median (percentile_disc 0.5), or the fixed values; the quintile
 * cut points are percentile_disc 0.2/0.4/0.6/0.8 in every mode. No paying member: the fixed values, no cuts.
 */
export async function computeThresholds(db: Executor, settings: CrmSettings, now: Date): Promise<RfmThresholdsInForce> {
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  const quartiles = sql`array[0.2, 0.4, 0.6, 0.8]::float8[]`;
  const [row] = await queryRows<ThresholdFigures>(
    db,
    sql`
    with po as (
      select o.member_id, (o.payable_fen - o.refunded_fen)::bigint as net, ${shanghaiDay(nowSql)} - ${shanghaiDay(sql`o.paid_at`)} as days_ago
      from orders o
      where o.paid_at is not null and o.status <> 'cancelled' and o.refunded_fen < o.payable_fen
    ),
    w as (
      select member_id, min(days_ago)::bigint as r, count(*)::bigint as f, sum(net)::bigint as m
      from po where days_ago < ${settings.rfm.windowDays}::int group by member_id
    )
    select count(*)::int as n, avg(r)::float8 as mean_r, avg(f)::float8 as mean_f, avg(m)::float8 as mean_m,
      percentile_disc(0.5) within group (order by r) as med_r, percentile_disc(0.5) within group (order by f) as med_f,
      percentile_disc(0.5) within group (order by m) as med_m,
      to_jsonb(percentile_disc(${quartiles}) within group (order by r)) as q_r,
      to_jsonb(percentile_disc(${quartiles}) within group (order by f)) as q_f,
      to_jsonb(percentile_disc(${quartiles}) within group (order by m)) as q_m
    from w`,
  );
  const computedAt = now.toISOString();
  const fixed = settings.rfm.fixed;
  if (!row || Number(row.n) === 0) {
    return { ...fixed, quintiles: { recencyDays: [], frequency: [], monetaryFen: [] }, computedAt };
  }
  const quintiles = {
    recencyDays: (row.q_r ?? []).map(Number),
    frequency: (row.q_f ?? []).map(Number),
    monetaryFen: (row.q_m ?? []).map(Number),
  };
  if (settings.rfm.mode === 'fixed') return { ...fixed, quintiles, computedAt };
  if (settings.rfm.mode === 'mean') {
    return {
      recencyDays: Math.floor(Number(row.mean_r)),
      frequency: Math.max(1, Math.ceil(Number(row.mean_f) - 1e-9)),
      monetaryFen: Math.max(1, Math.ceil(Number(row.mean_m) - 1e-6)),
      quintiles,
      computedAt,
    };
  }
  return {
    recencyDays: Number(row.med_r),
    frequency: Math.max(1, Number(row.med_f)),
    monetaryFen: Math.max(1, Number(row.med_m)),
    quintiles,
    computedAt,
  };
}

/** The lowest and highest member id, and how many members there are (a rebuild's plan). */
export async function memberIdRange(db: Executor): Promise<{ min: number; max: number; total: number }> {
  const [row] = await queryRows<{ min: number | null; max: number | null; total: number }>(
    db,
    sql`select min(id) as min, max(id) as max, count(*)::int as total from members`,
  );
  return { min: Number(row?.min ?? 0), max: Number(row?.max ?? 0), total: Number(row?.total ?? 0) };
}

/** The last id and the size of the batch of up to `size` members from id `from` (null: none left). */
export async function nextBatch(db: Executor, from: number, size: number): Promise<{ to: number; members: number } | null> {
  const [row] = await queryRows<{ id: number | null; n: number }>(
    db,
    sql`select max(id) as id, count(*)::int as n from (select id from members where id >= ${from}::int order by id limit ${size}::int) b`,
  );
  return row?.id === null || row?.id === undefined ? null : { to: Number(row.id), members: Number(row.n) };
}
