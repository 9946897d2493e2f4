import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { queryRows } from '../../lib/sql';

/*
 * The dashboards' queries: each one round trip, each reading only the roll-ups (stats_*), never orders,
 * refunds or behaviour_events (docs/metrics.md). Sums come back as text (bigint) and are read with Number().
 */

export interface RangeTotals {
  gmvFen: number;
  paidOrders: number;
  refundFen: number;
  newMembers: number;
  payingMembers: number;
  repeatMembers: number;
  visitors: number;
}

type Text = string | number | null;
const num = (value: Text | undefined): number => Number(value ?? 0);

/**
 * The additive figures of [from, to] from stats_daily, paying and repeat members from stats_member_days
 * (distinct members with paid orders that day; repeat: ≥ 2 over the range) and distinct visitors from stats_visits.
 */
export async function rangeTotals(db: Executor, from: string, to: string): Promise<RangeTotals> {
  const [row] = await queryRows<Record<keyof RangeTotals, Text>>(
    db,
    sql`with d as (
        select coalesce(sum(gmv_fen), 0)::text as gmv, coalesce(sum(paid_orders), 0)::text as orders,
          coalesce(sum(refund_fen), 0)::text as refunds, coalesce(sum(new_members), 0)::text as new_members
        from stats_daily where day between ${from}::date and ${to}::date),
      m as (
        select count(*)::text as paying, count(*) filter (where n >= 2)::text as repeat
        from (select member_id, sum(paid_orders) as n from stats_member_days
              where day between ${from}::date and ${to}::date and paid_orders > 0 group by member_id) per_member),
      v as (select count(distinct visitor)::text as visitors from stats_visits where day between ${from}::date and ${to}::date)
      select d.gmv as "gmvFen", d.orders as "paidOrders", d.refunds as "refundFen", d.new_members as "newMembers",
        m.paying as "payingMembers", m.repeat as "repeatMembers", v.visitors as "visitors"
      from d, m, v`,
  );
  return {
    gmvFen: num(row?.gmvFen),
    paidOrders: num(row?.paidOrders),
    refundFen: num(row?.refundFen),
    newMembers: num(row?.newMembers),
    payingMembers: num(row?.payingMembers),
    repeatMembers: num(row?.repeatMembers),
    visitors: num(row?.visitors),
  };
}

export interface DailyRow {
  day: string;
  gmvFen: number;
  refundFen: number;
  paidOrders: number;
  payingMembers: number;
  visitors: number;
  newMembers: number;
}

/** stats_daily's rows of [from, to] (days without a row are missing). */
export async function dailyRows(db: Executor, from: string, to: string): Promise<DailyRow[]> {
  const rows = await queryRows<Record<keyof DailyRow, Text>>(
    db,
    sql`select to_char(day, 'YYYY-MM-DD') as day, gmv_fen::text as "gmvFen", refund_fen::text as "refundFen", paid_orders as "paidOrders",
        paying_members as "payingMembers", visitors, new_members as "newMembers"
      from stats_daily where day between ${from}::date and ${to}::date order by day`,
  );
  return rows.map((row) => ({
    day: String(row.day),
    gmvFen: num(row.gmvFen),
    refundFen: num(row.refundFen),
    paidOrders: num(row.paidOrders),
    payingMembers: num(row.payingMembers),
    visitors: num(row.visitors),
    newMembers: num(row.newMembers),
  }));
}

export interface ChannelRow {
  channelId: number;
  channelName: string | null;
  gmvFen: number;
  refundFen: number;
  paidOrders: number;
  payingMembers: number;
  newMembers: number;
  visitors: number;
}

/**
 * The range's figures per acquisition channel (the member's; a device's first-touch channel for anonymous
 * visitors): money and orders from stats_member_days, new members from stats_members, visitors from stats_visits.
 */
export async function channelRows(db: Executor, from: string, to: string): Promise<ChannelRow[]> {
  const rows = await queryRows<Record<keyof ChannelRow, Text>>(
    db,
    sql`with money as (
        select channel_id, sum(paid_fen) as gmv, sum(refund_fen) as refunds, sum(paid_orders) as orders,
          count(distinct member_id) filter (where paid_orders > 0) as paying
        from stats_member_days where day between ${from}::date and ${to}::date group by channel_id),
      joined as (
        select channel_id, count(*) as n from stats_members where registered_day between ${from}::date and ${to}::date group by channel_id),
      visits as (
        select channel_id, count(distinct visitor) as n from stats_visits where day between ${from}::date and ${to}::date group by channel_id),
      ids as (select channel_id from money union select channel_id from joined union select channel_id from visits)
      select ids.channel_id as "channelId", c.name as "channelName", coalesce(money.gmv, 0)::text as "gmvFen",
        coalesce(money.refunds, 0)::text as "refundFen", coalesce(money.orders, 0)::text as "paidOrders",
        coalesce(money.paying, 0)::text as "payingMembers", coalesce(joined.n, 0)::text as "newMembers", coalesce(visits.n, 0)::text as "visitors"
      from ids
      left join money on money.channel_id = ids.channel_id
      left join joined on joined.channel_id = ids.channel_id
      left join visits on visits.channel_id = ids.channel_id
      left join channels c on c.id = ids.channel_id`,
  );
  return rows.map((row) => ({
    channelId: num(row.channelId),
    channelName: row.channelName === null ? null : String(row.channelName),
    gmvFen: num(row.gmvFen),
    refundFen: num(row.refundFen),
    paidOrders: num(row.paidOrders),
    payingMembers: num(row.payingMembers),
    newMembers: num(row.newMembers),
    visitors: num(row.visitors),
  }));
}

/** A month's GMV and new members (stats_daily), repeat/paying members (stats_member_days) and active members. */
export async function monthActuals(
  db: Executor,
  from: string,
  to: string,
): Promise<{ gmvFen: number; newMembers: number; payingMembers: number; repeatMembers: number; activeMembers: number }> {
  const [row] = await queryRows<Record<string, Text>>(
    db,
    sql`with d as (
        select coalesce(sum(gmv_fen), 0)::text as gmv, coalesce(sum(new_members), 0)::text as new_members
        from stats_daily where day between ${from}::date and ${to}::date),
      m as (
        select count(*)::text as paying, count(*) filter (where n >= 2)::text as repeat
        from (select member_id, sum(paid_orders) as n from stats_member_days
              where day between ${from}::date and ${to}::date and paid_orders > 0 group by member_id) per_member),
      a as (
        select count(*)::text as active from (
          select member_id from stats_visits where day between ${from}::date and ${to}::date and member_id is not null
          union
          select member_id from stats_member_days where day between ${from}::date and ${to}::date and paid_orders > 0) members)
      select d.gmv, d.new_members, m.paying, m.repeat, a.active from d, m, a`,
  );
  return {
    gmvFen: num(row?.gmv),
    newMembers: num(row?.new_members),
    payingMembers: num(row?.paying),
    repeatMembers: num(row?.repeat),
    activeMembers: num(row?.active),
  };
}

export interface KpiTargetRow {
  metric: string;
  target: number;
}

export async function kpiTargetRows(db: Executor, month: string): Promise<KpiTargetRow[]> {
  const rows = await queryRows<{ metric: string; target: Text }>(db, sql`select metric, target::text as target from kpi_targets where month = ${month}::date`);
  return rows.map((row) => ({ metric: row.metric, target: num(row.target) }));
}

export async function upsertKpiTarget(db: Executor, month: string, metric: string, target: number, staffId: number, now: Date): Promise<void> {
  await db.execute(
    sql`insert into kpi_targets (month, metric, target, updated_by, updated_at) values (${month}::date, ${metric}, ${target}, ${staffId}, ${now.toISOString()}::timestamptz)
      on conflict (month, metric) do update set target = excluded.target, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
  );
}

export async function deleteKpiTarget(db: Executor, month: string, metric: string): Promise<void> {
  await db.execute(sql`delete from kpi_targets where month = ${month}::date and metric = ${metric}`);
}
