import { sql, type SQL } from 'drizzle-orm';
import type { CrmSettings, LifecycleBoundaries, RfmThresholdsInForce } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { queryRows } from '../../lib/sql';

/*
 * member_facts' SQL: one set-based statement derives every column of a set of members from the source
 * tables (orders, refunds, order lines, coupons, touches, attribution, addresses) and upserts them. The
 * consumer (a few members) and the nightly rebuild (everyone, by id range) run the same statement, so their
 * results can only differ when an event is missing. docs/decisions.md "Customer data — member facts".
 *
 * A paid order: paid_at set, not cancelled, not fully refunded (refunded_fen < payable_fen); its net is
 * payable − refunded. Days are Asia/Shanghai calendar days: "days ago" = China date of now − China date
 * of the instant. The RFM window holds the paid orders fewer than windowDays days ago.
 */

/** The Asia/Shanghai calendar day of a timestamptz expression (China has no daylight saving). */
export const shanghaiDay = (value: SQL) => sql`((${value} at time zone 'UTC') + interval '8 hours')::date`;

/** Which members a statement covers: a list of ids, or an id range (the rebuild's batches). */
export type MemberScope = { ids: readonly number[] } | { from: number; to: number } | { all: true };

function inScope(column: SQL, scope: MemberScope): SQL {
  if ('all' in scope) return sql`true`;
  if ('ids' in scope) return sql`${column} = any(${`{${scope.ids.map((id) => Math.trunc(id)).join(',')}}`}::int[])`;
  return sql`${column} between ${scope.from}::int and ${scope.to}::int`;
}

/** 1 + the number of cut points the value reaches (quintileScore in SQL); 1 without cut points. */
function scoreSql(value: SQL, cuts: readonly number[], lowerIsBetter: boolean): SQL {
  if (cuts.length === 0) return sql`1`;
  const parts = cuts.map((cut) => (lowerIsBetter ? sql`(${value} <= ${cut}::bigint)::int` : sql`(${value} >= ${cut}::bigint)::int`));
  return sql`least(5, 1 + ${sql.join(parts, sql` + `)})`;
}

/** The RFM cell (rfmCell in SQL), null for members who never paid. */
function cellSql(t: RfmThresholdsInForce): SQL {
  return sql`case when c.last_paid_at is null then null else
    (case when c.recency_days <= ${t.recencyDays}::int then '1' else '0' end)
    || (case when c.window_orders >= ${t.frequency}::int then '1' else '0' end)
    || (case when c.window_net_fen >= ${t.monetaryFen}::bigint then '1' else '0' end) end`;
}

/** The lifecycle stage (lifecycleStage in SQL). */
function lifecycleSql(b: LifecycleBoundaries): SQL {
  return sql`case when c.last_paid_at is null then 'prospect'
    when c.first_days <= ${b.newDays}::int then 'new'
    when c.recency_days <= ${b.activeDays}::int then 'active'
    when c.recency_days <= ${b.silentDays}::int then 'silent'
    when c.recency_days <= ${b.atRiskDays}::int then 'at_risk'
    else 'churned' end`;
}

/**
 * The city of a region text ("广东省 深圳市 南山区" → 深圳市): the second word, else the first (a text of
 * one word). Municipalities read "上海市 上海市 …" in the address dataset, so they give 上海市 too.
 */
const citySql = (regionText: SQL) =>
  sql`nullif(coalesce(nullif(split_part(regexp_replace(btrim(${regionText}), '\\s+', ' ', 'g'), ' ', 2), ''),
    split_part(regexp_replace(btrim(${regionText}), '\\s+', ' ', 'g'), ' ', 1)), '')`;

export interface FactsParams {
  settings: CrmSettings;
  thresholds: RfmThresholdsInForce;
  now: Date;
}

export interface LifecycleChange {
  memberId: number;
  /** null: the member had no facts row yet. */
  from: string | null;
  to: string;
}

/** The member_facts columns, in the insert's order. */
const FACT_COLUMNS = sql`member_id, registered_at, first_paid_at, last_paid_at, paid_orders, net_paid_fen, refunded_fen, refund_count,
  aov_fen, coupon_orders, coupon_share_bp, favourite_category_ids, window_orders, window_net_fen, recency_days, rfm_cell, r_score, f_score,
  m_score, lifecycle, lifecycle_since, first_channel_id, last_channel_id, last_active_at, city, computed_at, updated_at`;

/**
 * The CTEs (ending with `calc`) that derive every fact of the members in `scope` from the source tables. For
 * everyone, each source table is read once by a sequential scan and aggregated by member (hash aggregates).
 */
function factsCtes(scope: MemberScope, params: FactsParams): SQL {
  const { settings, thresholds, now } = params;
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  const windowDays = settings.rfm.windowDays;
  const netQty = sql`(ol.quantity - ol.refunded_quantity)`;
  // A few members: their orders are read once by the member index and reused; everyone: plain scans.
  const materialized = 'all' in scope ? sql`` : sql`materialized`;
  return sql`
    today as (select ${shanghaiDay(nowSql)} as day),
    mem as (select m.id, m.created_at from members m where ${inScope(sql`m.id`, scope)}),
    mo as ${materialized} (
      select o.id, o.member_id, o.status, o.paid_at, o.created_at, o.payable_fen, o.refunded_fen, o.last_channel_id
      from orders o where ${inScope(sql`o.member_id`, scope)}
    ),
    po as (
      select o.id, o.member_id, o.paid_at, (o.payable_fen - o.refunded_fen)::bigint as net, o.last_channel_id,
        (select day from today) - ${shanghaiDay(sql`o.paid_at`)} as days_ago
      from mo o
      where o.paid_at is not null and o.status <> 'cancelled' and o.refunded_fen < o.payable_fen
    ),
    agg as (
      select member_id, min(paid_at) as first_paid_at, max(paid_at) as last_paid_at, count(*)::int as paid_orders,
        sum(net)::bigint as net_paid_fen,
        (count(*) filter (where days_ago < ${windowDays}::int))::int as window_orders,
        coalesce(sum(net) filter (where days_ago < ${windowDays}::int), 0)::bigint as window_net_fen,
        min(days_ago)::int as recency_days, max(days_ago)::int as first_days
      from po group by member_id
    ),
    last_po as (select distinct on (member_id) member_id, last_channel_id from po order by member_id, paid_at desc, id desc),
    ref as (
      select o.member_id, count(*)::int as refund_count, sum(r.amount_fen)::bigint as refunded_fen
      from mo o join refunds r on r.order_id = o.id
      where r.status = 'succeeded' and o.paid_at is not null
      group by o.member_id
    ),
    cpn as (
      select po.member_id, count(distinct po.id)::int as coupon_orders
      from po join member_coupons mc on mc.used_order_id = po.id and mc.member_id = po.member_id
      group by po.member_id
    ),
    cat_qty as (
      select po.member_id, p.category_id, sum(${netQty})::bigint as qty,
        row_number() over (partition by po.member_id order by sum(${netQty}) desc, p.category_id) as rn
      from po join order_lines ol on ol.order_id = po.id join products p on p.id = ol.product_id
      group by po.member_id, p.category_id
      having sum(${netQty}) > 0
    ),
    cat as (select member_id, jsonb_agg(category_id order by rn) as ids from cat_qty where rn <= 3 group by member_id),
    tch as (
      select member_id, max(occurred_at) as last_touch_at from touches
      where member_id is not null and ${inScope(sql`member_id`, scope)} group by member_id
    ),
    tch_ch as (
      select distinct on (member_id) member_id, channel_id from touches
      where member_id is not null and channel_id is not null and status = 'matched' and ${inScope(sql`member_id`, scope)}
      order by member_id, occurred_at desc, id desc
    ),
    ord as (select member_id, max(created_at) as last_order_at from mo group by member_id),
    addr as (
      select member_id, ${citySql(sql`region_text`)} as city from addresses
      where is_default and deleted_at is null and ${inScope(sql`member_id`, scope)}
    ),
    c as (
      select mem.id as member_id, coalesce(ma.registered_at, mem.created_at) as registered_at,
        agg.first_paid_at, agg.last_paid_at, coalesce(agg.paid_orders, 0) as paid_orders, coalesce(agg.net_paid_fen, 0) as net_paid_fen,
        coalesce(ref.refunded_fen, 0) as refunded_fen, coalesce(ref.refund_count, 0) as refund_count,
        coalesce(cpn.coupon_orders, 0) as coupon_orders, coalesce(cat.ids, '[]'::jsonb) as favourite_category_ids,
        coalesce(agg.window_orders, 0) as window_orders, coalesce(agg.window_net_fen, 0) as window_net_fen,
        agg.recency_days, agg.first_days,
        ma.channel_id as first_channel_id,
        coalesce(tch_ch.channel_id, last_po.last_channel_id, ma.channel_id) as last_channel_id,
        nullif(greatest(coalesce(tch.last_touch_at, '-infinity'), coalesce(ord.last_order_at, '-infinity')), '-infinity') as last_active_at,
        addr.city
      from mem
      left join member_attribution ma on ma.member_id = mem.id
      left join agg on agg.member_id = mem.id
      left join last_po on last_po.member_id = mem.id
      left join ref on ref.member_id = mem.id
      left join cpn on cpn.member_id = mem.id
      left join cat on cat.member_id = mem.id
      left join tch on tch.member_id = mem.id
      left join tch_ch on tch_ch.member_id = mem.id
      left join ord on ord.member_id = mem.id
      left join addr on addr.member_id = mem.id
    ),
    calc as (
      select c.*,
        case when c.paid_orders > 0 then c.net_paid_fen / c.paid_orders else 0 end as aov_fen,
        case when c.paid_orders > 0 then (c.coupon_orders * 10000) / c.paid_orders else 0 end as coupon_share_bp,
        ${cellSql(thresholds)} as rfm_cell,
        case when c.last_paid_at is null then null else ${scoreSql(sql`c.recency_days`, thresholds.quintiles.recencyDays, true)} end as r_score,
        case when c.last_paid_at is null then null else ${scoreSql(sql`c.window_orders`, thresholds.quintiles.frequency, false)} end as f_score,
        case when c.last_paid_at is null then null else ${scoreSql(sql`c.window_net_fen`, thresholds.quintiles.monetaryFen, false)} end as m_score,
        ${lifecycleSql(settings.lifecycle)} as lifecycle
      from c
    )`;
}

/**
 * The statement's CTEs up to `up`: `calc` rows (the CTE named calc in `ctes`) upserted into member_facts,
 * unchanged rows left alone, `old` the stages before. `guard`: an extra condition on an existing row for it
 * to be overwritten.
 */
function upsertCtes(ctes: SQL, oldScope: MemberScope, now: Date, guard: SQL = sql`true`): SQL {
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  return sql`
    with ${ctes},
    old as (select member_id, lifecycle from member_facts where ${inScope(sql`member_id`, oldScope)}),
    up as (
      insert into member_facts (${FACT_COLUMNS})
      select member_id, registered_at, first_paid_at, last_paid_at, paid_orders, net_paid_fen, refunded_fen, refund_count,
        aov_fen, coupon_orders, coupon_share_bp, favourite_category_ids, window_orders, window_net_fen, recency_days, rfm_cell, r_score, f_score,
        m_score, lifecycle, case when lifecycle = 'prospect' then least(registered_at, ${nowSql}) else ${nowSql} end,
        first_channel_id, last_channel_id, last_active_at, city, ${nowSql}, clock_timestamp()
      from calc
      on conflict (member_id) do update set
        registered_at = excluded.registered_at, first_paid_at = excluded.first_paid_at, last_paid_at = excluded.last_paid_at,
        paid_orders = excluded.paid_orders, net_paid_fen = excluded.net_paid_fen, refunded_fen = excluded.refunded_fen,
        refund_count = excluded.refund_count, aov_fen = excluded.aov_fen, coupon_orders = excluded.coupon_orders,
        coupon_share_bp = excluded.coupon_share_bp, favourite_category_ids = excluded.favourite_category_ids,
        window_orders = excluded.window_orders, window_net_fen = excluded.window_net_fen, recency_days = excluded.recency_days,
        rfm_cell = excluded.rfm_cell, r_score = excluded.r_score, f_score = excluded.f_score, m_score = excluded.m_score,
        lifecycle_since = case when member_facts.lifecycle = excluded.lifecycle then member_facts.lifecycle_since else ${nowSql} end,
        lifecycle = excluded.lifecycle,
        first_channel_id = excluded.first_channel_id, last_channel_id = excluded.last_channel_id, last_active_at = excluded.last_active_at,
        city = excluded.city, computed_at = excluded.computed_at, updated_at = excluded.updated_at
      -- A row whose facts did not change is left alone (no write, no index churn): its computed_at stays.
      -- updated_at is the database's clock as the row is written, after the statement's snapshot was taken
      -- (a full rebuild compares it with the moment it staged: writeStagedFacts).
      where (member_facts.registered_at, member_facts.first_paid_at, member_facts.last_paid_at, member_facts.paid_orders,
          member_facts.net_paid_fen, member_facts.refunded_fen, member_facts.refund_count, member_facts.aov_fen, member_facts.coupon_orders,
          member_facts.coupon_share_bp, member_facts.favourite_category_ids, member_facts.window_orders, member_facts.window_net_fen,
          member_facts.recency_days, member_facts.rfm_cell, member_facts.r_score, member_facts.f_score, member_facts.m_score,
          member_facts.lifecycle, member_facts.first_channel_id, member_facts.last_channel_id, member_facts.last_active_at, member_facts.city)
        is distinct from (excluded.registered_at, excluded.first_paid_at, excluded.last_paid_at, excluded.paid_orders,
          excluded.net_paid_fen, excluded.refunded_fen, excluded.refund_count, excluded.aov_fen, excluded.coupon_orders,
          excluded.coupon_share_bp, excluded.favourite_category_ids, excluded.window_orders, excluded.window_net_fen,
          excluded.recency_days, excluded.rfm_cell, excluded.r_score, excluded.f_score, excluded.m_score,
          excluded.lifecycle, excluded.first_channel_id, excluded.last_channel_id, excluded.last_active_at, excluded.city)
        and ${guard}
      returning member_id, lifecycle
    )`;
}

/** Upserts `calc` (see upsertCtes); answers the members whose stage changed (or who got their first row). */
async function upsertCalc(db: Executor, ctes: SQL, oldScope: MemberScope, now: Date): Promise<LifecycleChange[]> {
  const rows = await queryRows<{ member_id: number; from: string | null; to: string }>(
    db,
    sql`${upsertCtes(ctes, oldScope, now)}
    select up.member_id, old.lifecycle as "from", up.lifecycle as "to"
    from up left join old on old.member_id = up.member_id
    where old.member_id is null or old.lifecycle <> up.lifecycle`,
  );
  return rows.map((row) => ({ memberId: Number(row.member_id), from: row.from, to: row.to }));
}

/**
 * Recomputes and upserts the facts of the members in `scope`; returns the members whose lifecycle stage
 * changed (or who got their first row), with the stage before and after. Run it in a transaction.
 */
export async function upsertFacts(db: Executor, scope: MemberScope, params: FactsParams): Promise<LifecycleChange[]> {
  return upsertCalc(db, factsCtes(scope, params), scope, params.now);
}

/** A fresh name for a rebuild's staging table (several processes may rebuild one database's facts). */
export function stageTableName(): string {
  return `crm_facts_stage_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e9).toString(36)}`;
}

/**
 * The full rebuild's first step: every member's facts computed in one statement (each source table scanned
 * once) into an unlogged staging table indexed by member; returns how many members it holds.
 */
export async function stageFacts(db: Executor, table: string, params: FactsParams): Promise<number> {
  const name = sql.raw(table);
  await db.execute(sql`create unlogged table ${name} as with ${factsCtes({ all: true }, params)} select * from calc`);
  await db.execute(sql`create index on ${name} (member_id)`);
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${name}`);
  return Number(row?.n ?? 0);
}

/**
 * The database's clock now (UTC, microseconds), read just before staging: a member_facts row written
 * (updated_at) after it was computed from a snapshot taken after it.
 */
export async function databaseClock(db: Executor): Promise<string> {
  const [row] = await queryRows<{ at: string }>(db, sql`select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at`);
  return row!.at;
}

/**
 * Writes the staged facts of members from..to into member_facts (unchanged rows untouched) and appends a
 * member.lifecycle_changed event per stage change in the same statement (appendEvent's columns and
 * payload { from, to }; a first row moves from 'prospect', recorded when `recordFirstRows`); answers how
 * many events. A row an incremental refresh wrote after `stagedAt` (the database clock read before the
 * staging statement, compared with the row's updated_at: one clock, whatever the processes' clocks say)
 * may hold what the stage did not see and is kept; its later events are the consumer's.
 */
export async function writeStagedFacts(
  db: Executor,
  table: string,
  range: { from: number; to: number },
  now: Date,
  stagedAt: string,
  recordFirstRows: boolean,
): Promise<number> {
  const ctes = sql`calc as (select * from ${sql.raw(table)} where member_id between ${range.from}::int and ${range.to}::int)`;
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`${upsertCtes(ctes, range, now, sql`member_facts.updated_at <= ${stagedAt}::timestamptz`)},
    ch as (
      select up.member_id, coalesce(old.lifecycle, 'prospect') as from_stage, up.lifecycle as to_stage, old.member_id is null as first_row
      from up left join old on old.member_id = up.member_id
    ),
    ev as (
      insert into domain_events (type, occurred_at, member_id, payload)
      select 'member.lifecycle_changed', ${now.toISOString()}::timestamptz, member_id, jsonb_build_object('from', from_stage, 'to', to_stage)
      from ch where from_stage <> to_stage and (${recordFirstRows}::boolean or not first_row)
      order by member_id
      returning 1
    )
    select count(*)::int as n from ev`,
  );
  return Number(row?.n ?? 0);
}

/** Drops a staging table (after the rebuild, or when it failed). */
export async function dropStage(db: Executor, table: string): Promise<void> {
  await db.execute(sql`drop table if exists ${sql.raw(table)}`);
}
