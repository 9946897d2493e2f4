import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { inDayList, inIdList, queryRows, returningUnlessRebuild, shanghaiDaySql } from '../../lib/sql';

/*
 * The core roll-up's SQL (analytics-core; tables in db/schema/analytics.ts, metrics in docs/metrics.md).
 * Facts are copied from the source rows of the given MEMBERS (null: everyone), replacing what was there: a
 * member's paid orders set each other's member_seq / prev_paid_at / cohort_month, so a member is refreshed
 * whole. Visits are recounted per (day, visitor) from behaviour_events. stats_daily is then recomputed for
 * the days that changed. The consumer and the full rebuild run the same statements: they differ only when an
 * event is missing. Lists travel as one jsonb parameter (batches of thousands of ids stay one statement).
 */

/** The first day of the Asia/Shanghai month of a timestamptz. */
const shanghaiMonth = (column: SQL) => sql`date_trunc('month', (${column} at time zone 'UTC') + interval '8 hours')::date`;
/** The first instant of an Asia/Shanghai day (a date expression). */
const dayStart = (day: SQL) => sql`((${day})::timestamp - interval '8 hours') at time zone 'UTC'`;
const dayEnd = (day: SQL) => sql`((${day})::timestamp + interval '16 hours') at time zone 'UTC'`;

async function dayList(db: Executor, query: SQL): Promise<string[]> {
  return (await queryRows<{ day: string | null }>(db, query)).map((row) => row.day).filter((day): day is string => day !== null);
}

/** The members of these orders (the events of an order name it; a refund may carry only its order). */
export async function membersOfOrders(db: Executor, orderIds: readonly number[]): Promise<number[]> {
  if (orderIds.length === 0) return [];
  const rows = await queryRows<{ member_id: number }>(db, sql`select distinct member_id from orders where ${inIdList(sql`id`, orderIds)}`);
  return rows.map((row) => Number(row.member_id));
}

/**
 * Replaces stats_orders of these members (null: all) with their paid orders (paid_at set — a payment that
 * arrived after the order closed never sets it), numbered by paid time then id. Returns the days touched.
 */
export async function refreshOrders(db: Executor, memberIds: readonly number[] | null): Promise<string[]> {
  // Rows no longer a paid order of their member go; the rest are upserted, writing (and reporting the day of) changed rows only.
  const removed = await dayList(
    db,
    sql`delete from stats_orders s where ${inIdList(sql`s.member_id`, memberIds)}
      and not exists (select 1 from orders o where o.id = s.order_id and o.paid_at is not null and o.member_id = s.member_id)
      ${returningUnlessRebuild(memberIds, sql`s.paid_day::text as day`)}`,
  );
  const added = await dayList(
    db,
    sql`
    with refunded as (
      select r.order_id, sum(r.amount_fen)::bigint as fen
      from refunds r join orders o on o.id = r.order_id
      where r.status = 'succeeded' and o.paid_at is not null and ${inIdList(sql`o.member_id`, memberIds)}
      group by r.order_id
    )
    insert into stats_orders as s (order_id, member_id, paid_at, paid_day, paid_fen, refunded_fen, first_channel_id, last_channel_id,
      live_session_id, member_seq, prev_paid_at, cohort_month)
    select o.id, o.member_id, o.paid_at, ${shanghaiDaySql(sql`o.paid_at`)}, o.payable_fen, coalesce(rf.fen, 0),
      coalesce(o.first_channel_id, 0), coalesce(o.last_channel_id, 0), o.live_session_id,
      row_number() over w, lag(o.paid_at) over w, ${shanghaiMonth(sql`first_value(o.paid_at) over w`)}
    from orders o left join refunded rf on rf.order_id = o.id
    where o.paid_at is not null and ${inIdList(sql`o.member_id`, memberIds)}
    window w as (partition by o.member_id order by o.paid_at, o.id)
    on conflict (order_id) do update set member_id = excluded.member_id, paid_at = excluded.paid_at, paid_day = excluded.paid_day,
      paid_fen = excluded.paid_fen, refunded_fen = excluded.refunded_fen, first_channel_id = excluded.first_channel_id,
      last_channel_id = excluded.last_channel_id, live_session_id = excluded.live_session_id, member_seq = excluded.member_seq,
      prev_paid_at = excluded.prev_paid_at, cohort_month = excluded.cohort_month
    where (s.member_id, s.paid_at, s.paid_day, s.paid_fen, s.refunded_fen, s.first_channel_id, s.last_channel_id, s.live_session_id,
      s.member_seq, s.prev_paid_at, s.cohort_month) is distinct from (excluded.member_id, excluded.paid_at, excluded.paid_day,
      excluded.paid_fen, excluded.refunded_fen, excluded.first_channel_id, excluded.last_channel_id, excluded.live_session_id,
      excluded.member_seq, excluded.prev_paid_at, excluded.cohort_month)
    ${returningUnlessRebuild(memberIds, sql`paid_day::text as day`)}`,
  );
  return [...removed, ...added];
}

/** Replaces stats_refunds of these members (null: all): succeeded refunds of paid orders, on the day they succeeded. */
export async function refreshRefunds(db: Executor, memberIds: readonly number[] | null): Promise<string[]> {
  const removed = await dayList(
    db,
    sql`delete from stats_refunds s where ${inIdList(sql`s.member_id`, memberIds)}
      and not exists (select 1 from refunds r join orders o on o.id = r.order_id
        where r.id = s.refund_id and r.status = 'succeeded' and o.paid_at is not null and o.member_id = s.member_id)
      ${returningUnlessRebuild(memberIds, sql`s.day::text as day`)}`,
  );
  const added = await dayList(
    db,
    sql`
    insert into stats_refunds as s (refund_id, order_id, member_id, day, amount_fen, first_channel_id)
    select r.id, r.order_id, o.member_id, ${shanghaiDaySql(sql`coalesce(r.completed_at, r.updated_at)`)}, r.amount_fen, coalesce(o.first_channel_id, 0)
    from refunds r join orders o on o.id = r.order_id
    where r.status = 'succeeded' and o.paid_at is not null and ${inIdList(sql`o.member_id`, memberIds)}
    on conflict (refund_id) do update set order_id = excluded.order_id, member_id = excluded.member_id, day = excluded.day,
      amount_fen = excluded.amount_fen, first_channel_id = excluded.first_channel_id
    where (s.order_id, s.member_id, s.day, s.amount_fen, s.first_channel_id)
      is distinct from (excluded.order_id, excluded.member_id, excluded.day, excluded.amount_fen, excluded.first_channel_id)
    ${returningUnlessRebuild(memberIds, sql`day::text as day`)}`,
  );
  return [...removed, ...added];
}

/**
 * Replaces stats_members of these members (null: all): registration day (members.created_at), acquisition
 * channel (member_attribution, 0 when none) and paid-order milestones (from stats_orders, refreshed first).
 */
export async function refreshMembers(db: Executor, memberIds: readonly number[] | null): Promise<string[]> {
  type DayRow = { member_id: number; day: string; d1: string | null };
  const cols = sql`member_id, registered_day::text as day, first_paid_day::text as d1`;
  // The days a changed row held before (a member's first paid day can move): read before the upsert.
  const before = memberIds === null ? [] : await queryRows<DayRow>(db, sql`select ${cols} from stats_members where ${inIdList(sql`member_id`, memberIds)}`);
  const removed = await queryRows<DayRow>(
    db,
    sql`delete from stats_members s where ${inIdList(sql`s.member_id`, memberIds)} and not exists (select 1 from members m where m.id = s.member_id)
      ${returningUnlessRebuild(memberIds, cols)}`,
  );
  const changed = await queryRows<DayRow>(
    db,
    sql`
    with paid as (
      select member_id, count(*)::int as n, sum(paid_fen)::bigint as paid_fen, sum(refunded_fen)::bigint as refunded_fen,
        min(paid_at) filter (where member_seq = 1) as first_at, min(paid_at) filter (where member_seq = 2) as second_at
      from stats_orders where ${inIdList(sql`member_id`, memberIds)}
      group by member_id
    )
    insert into stats_members as s (member_id, registered_day, channel_id, first_paid_at, first_paid_day, second_paid_at, paid_orders, paid_fen, refunded_fen)
    select m.id, ${shanghaiDaySql(sql`m.created_at`)}, coalesce(ma.channel_id, 0), p.first_at, ${shanghaiDaySql(sql`p.first_at`)}, p.second_at,
      coalesce(p.n, 0), coalesce(p.paid_fen, 0), coalesce(p.refunded_fen, 0)
    from members m
    left join member_attribution ma on ma.member_id = m.id
    left join paid p on p.member_id = m.id
    where ${inIdList(sql`m.id`, memberIds)}
    on conflict (member_id) do update set registered_day = excluded.registered_day, channel_id = excluded.channel_id,
      first_paid_at = excluded.first_paid_at, first_paid_day = excluded.first_paid_day, second_paid_at = excluded.second_paid_at,
      paid_orders = excluded.paid_orders, paid_fen = excluded.paid_fen, refunded_fen = excluded.refunded_fen
    where (s.registered_day, s.channel_id, s.first_paid_at, s.first_paid_day, s.second_paid_at, s.paid_orders, s.paid_fen, s.refunded_fen)
      is distinct from (excluded.registered_day, excluded.channel_id, excluded.first_paid_at, excluded.first_paid_day, excluded.second_paid_at,
        excluded.paid_orders, excluded.paid_fen, excluded.refunded_fen)
    ${returningUnlessRebuild(memberIds, cols)}`,
  );
  const changedIds = new Set(changed.map((row) => Number(row.member_id)));
  return [...removed, ...changed, ...before.filter((row) => changedIds.has(Number(row.member_id)))].flatMap((row) =>
    [row.day, row.d1].filter((day): day is string => day !== null),
  );
}

/** Replaces stats_member_days of these members (null: all) from their stats_orders and stats_refunds. */
export async function refreshMemberDays(db: Executor, memberIds: readonly number[] | null): Promise<void> {
  await db.execute(sql`delete from stats_member_days where ${inIdList(sql`member_id`, memberIds)}`);
  await db.execute(sql`
    insert into stats_member_days (member_id, day, paid_orders, paid_fen, refund_fen, channel_id, cohort_month)
    select x.member_id, x.day, sum(x.orders)::int, sum(x.paid_fen)::bigint, sum(x.refund_fen)::bigint, coalesce(sm.channel_id, 0),
      (sm.first_paid_day - (extract(day from sm.first_paid_day)::int - 1))
    from (
      select member_id, paid_day as day, 1 as orders, paid_fen, 0::bigint as refund_fen
      from stats_orders where ${inIdList(sql`member_id`, memberIds)}
      union all
      select member_id, day, 0, 0::bigint, amount_fen
      from stats_refunds where ${inIdList(sql`member_id`, memberIds)}
    ) x
    left join stats_members sm on sm.member_id = x.member_id
    group by x.member_id, x.day, sm.channel_id, sm.first_paid_day`);
}

/** A visitor-day to recount: a member's (memberId set) or an anonymous device's. */
export interface VisitKey {
  day: string;
  memberId: number | null;
  deviceId: string | null;
}

/** The bit of each behaviour event type in stats_visits.steps (any event is a visit: bit 1). */
const STEP_BITS = sql.raw(
  `1 | (case e.type when 'product_view' then 2 when 'add_to_cart' then 4 when 'checkout_start' then 8 when 'share' then 16 else 0 end)`,
);

/** Aggregates behaviour events (`events`: a relation of behaviour_events rows aliased e) into stats_visits rows. */
function insertVisits(events: SQL): SQL {
  return sql`
    insert into stats_visits (day, visitor, member_id, channel_id, steps, page_views, product_views)
    select g.day, g.visitor, g.member_id,
      case when g.member_id is not null then coalesce(ma.channel_id, 0) else coalesce(dt.channel_id, 0) end,
      g.steps, g.page_views, g.product_views
    from (
      select ${shanghaiDaySql(sql`e.occurred_at`)} as day,
        case when e.member_id is not null then 'm:' || e.member_id::text else 'd:' || e.device_id end as visitor,
        e.member_id, case when e.member_id is null then e.device_id end as device_id,
        bit_or(${STEP_BITS})::smallint as steps,
        (count(*) filter (where e.type = 'page_view'))::int as page_views,
        (count(*) filter (where e.type = 'product_view'))::int as product_views
      from ${events}
      where e.member_id is not null or e.device_id is not null
      group by 1, 2, 3, 4
    ) g
    left join member_attribution ma on g.member_id is not null and ma.member_id = g.member_id
    left join lateral (
      select t.channel_id from touches t
      where g.member_id is null and t.device_id = g.device_id and t.status = 'matched'
      order by t.occurred_at, t.id limit 1
    ) dt on true
    returning day::text as day`;
}

/**
 * Recounts these visitor-days (null: all) from behaviour_events: a member visitor is `m:<id>` (all the
 * member's events, merged device events included), a device visitor `d:<id>` (its events without a member).
 * Returns the days touched.
 */
export async function refreshVisits(db: Executor, keys: readonly VisitKey[] | null): Promise<string[]> {
  if (keys === null) {
    // Days before the oldest retained behaviour event are history (their partitions were dropped): kept as they are.
    const [oldest] = await queryRows<{ day: string | null }>(db, sql`select ${shanghaiDaySql(sql`min(occurred_at)`)}::text as day from behaviour_events`);
    if (!oldest?.day) return [];
    await db.execute(sql`delete from stats_visits where day >= ${oldest.day}::date`);
    await db.execute(insertVisits(sql`behaviour_events e`));
    return [];
  }
  if (keys.length === 0) return [];
  const json = JSON.stringify(keys.map((key) => ({ day: key.day, member_id: key.memberId, device_id: key.memberId === null ? key.deviceId : null })));
  const pairs = sql`jsonb_to_recordset(${json}::jsonb) as p(day date, member_id int, device_id text)`;
  const removed = await dayList(
    db,
    sql`delete from stats_visits v using ${pairs}
      where v.day = p.day and v.visitor = case when p.member_id is not null then 'm:' || p.member_id::text else 'd:' || p.device_id end
      returning v.day::text as day`,
  );
  const added = await dayList(
    db,
    insertVisits(sql`(
      select e.* from ${pairs} join behaviour_events e on e.member_id = p.member_id
        and e.occurred_at >= ${dayStart(sql`p.day`)} and e.occurred_at < ${dayEnd(sql`p.day`)}
      where p.member_id is not null
      union all
      select e.* from ${pairs} join behaviour_events e on e.device_id = p.device_id and e.member_id is null
        and e.occurred_at >= ${dayStart(sql`p.day`)} and e.occurred_at < ${dayEnd(sql`p.day`)}
      where p.member_id is null and p.device_id is not null
    ) e`),
  );
  return [...removed, ...added];
}

/** After a member's acquisition channel changed: their visitor rows take it too. */
export async function refreshVisitChannels(db: Executor, memberIds: readonly number[]): Promise<void> {
  if (memberIds.length === 0) return;
  await db.execute(sql`
    update stats_visits v set channel_id = coalesce(ma.channel_id, 0)
    from (select (jsonb_array_elements_text(${JSON.stringify(memberIds)}::jsonb))::int as member_id) x
    left join member_attribution ma on ma.member_id = x.member_id
    where v.member_id = x.member_id and v.channel_id <> coalesce(ma.channel_id, 0)`);
}

/** The visitor-days of the behaviour events received in one batch (a behaviour.recorded without `visits`). */
export async function visitKeysReceivedAt(db: Executor, receivedAt: Date): Promise<VisitKey[]> {
  const rows = await queryRows<{ day: string; member_id: number | null; device_id: string | null }>(
    db,
    sql`select distinct ${shanghaiDaySql(sql`occurred_at`)}::text as day, member_id, device_id from behaviour_events
      where created_at = ${receivedAt.toISOString()}::timestamptz
        and occurred_at >= ${receivedAt.toISOString()}::timestamptz - interval '2 days'
        and occurred_at <= ${receivedAt.toISOString()}::timestamptz`,
  );
  return rows.map((row) => ({ day: row.day, memberId: row.member_id === null ? null : Number(row.member_id), deviceId: row.device_id }));
}

/** Recomputes stats_daily for these days (null: all) from the facts tables; a day with nothing has no row. */
export async function recomputeDaily(db: Executor, days: readonly string[] | null): Promise<void> {
  if (days !== null && days.length === 0) return;
  const on = (column: string) => inDayList(sql.raw(column), days);
  await db.execute(sql`delete from stats_daily where ${on('day')}`);
  await db.execute(sql`
    insert into stats_daily (day, gmv_fen, paid_orders, paying_members, refund_fen, refunds, new_members, first_buyers, visitors, page_views, product_views)
    select day, sum(gmv)::bigint, sum(orders)::int, sum(payers)::int, sum(refund_fen)::bigint, sum(refunds)::int, sum(new_members)::int,
      sum(first_buyers)::int, sum(visitors)::int, sum(page_views)::int, sum(product_views)::int
    from (
      select paid_day as day, sum(paid_fen)::bigint as gmv, count(*)::int as orders, count(distinct member_id)::int as payers,
        0::bigint as refund_fen, 0 as refunds, 0 as new_members, 0 as first_buyers, 0 as visitors, 0::bigint as page_views, 0::bigint as product_views
      from stats_orders where ${on('paid_day')} group by 1
      union all
      select day, 0, 0, 0, sum(amount_fen)::bigint, count(*)::int, 0, 0, 0, 0, 0 from stats_refunds where ${on('day')} group by 1
      union all
      select registered_day, 0, 0, 0, 0, 0, count(*)::int, 0, 0, 0, 0 from stats_members where ${on('registered_day')} group by 1
      union all
      select first_paid_day, 0, 0, 0, 0, 0, 0, count(*)::int, 0, 0, 0 from stats_members
        where first_paid_day is not null and ${on('first_paid_day')} group by 1
      union all
      select day, 0, 0, 0, 0, 0, 0, 0, count(*)::int, sum(page_views)::bigint, sum(product_views)::bigint from stats_visits where ${on('day')} group by 1
    ) x
    group by day`);
}

/** The core roll-up's tables, in the order a rebuild fills them. */
export const CORE_TABLES = ['stats_orders', 'stats_refunds', 'stats_members', 'stats_member_days', 'stats_visits', 'stats_daily'] as const;
export type CoreTable = (typeof CORE_TABLES)[number];

/** Empties the roll-up for a rebuild — but stats_visits, which refreshVisits(null) recounts only as far back as events remain. */
export async function clearCore(db: Executor): Promise<void> {
  for (const table of CORE_TABLES) if (table !== 'stats_visits') await db.execute(sql`delete from ${sql.identifier(table)}`);
}
