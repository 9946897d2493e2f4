import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { inDayList, inIdList, queryRows, returningUnlessRebuild, shanghaiDaySql } from '../../lib/sql';

/*
 * The roll-up's SQL. Facts (channel_stats_orders / _refunds / _members) are copied from the source rows of
 * the given ids (or of all rows, `null`), replacing what was there; channel_daily is then recomputed for
 * the days that changed. The incremental consumer and the full rebuild run the same statements, so their
 * results can only differ when an event is missing.
 */

async function days(db: Executor, query: SQL): Promise<string[]> {
  return (await queryRows<{ day: string }>(db, query)).map((row) => row.day);
}

/** Replaces the facts of these paid orders (null: all) from `orders`; returns the days touched. */
export async function refreshOrderFacts(db: Executor, orderIds: readonly number[] | null): Promise<string[]> {
  const removed = await days(
    db,
    sql`delete from channel_stats_orders where ${inIdList(sql`order_id`, orderIds)} ${returningUnlessRebuild(orderIds, sql`paid_day::text as day`)}`,
  );
  const added = await days(
    db,
    sql`
    insert into channel_stats_orders (order_id, member_id, paid_day, paid_fen, first_channel_id, last_channel_id)
    select o.id, o.member_id, ${shanghaiDaySql(sql`o.paid_at`)}, o.payable_fen, coalesce(o.first_channel_id, 0), coalesce(o.last_channel_id, 0)
    from orders o
    where o.paid_at is not null and ${inIdList(sql`o.id`, orderIds)}
    ${returningUnlessRebuild(orderIds, sql`paid_day::text as day`)}`,
  );
  return [...removed, ...added];
}

/**
 * Replaces the facts of these succeeded refunds (null: all). Only refunds of paid orders count: a payment
 * that arrived after its order closed was never GMV, so giving it back takes nothing off.
 */
export async function refreshRefundFacts(db: Executor, refundIds: readonly number[] | null): Promise<string[]> {
  const removed = await days(
    db,
    sql`delete from channel_stats_refunds where ${inIdList(sql`refund_id`, refundIds)} ${returningUnlessRebuild(refundIds, sql`day::text as day`)}`,
  );
  const added = await days(
    db,
    sql`
    insert into channel_stats_refunds (refund_id, order_id, day, amount_fen, first_channel_id, last_channel_id)
    select r.id, r.order_id, ${shanghaiDaySql(sql`coalesce(r.completed_at, r.updated_at)`)}, r.amount_fen,
      coalesce(o.first_channel_id, 0), coalesce(o.last_channel_id, 0)
    from refunds r join orders o on o.id = r.order_id
    where r.status = 'succeeded' and o.paid_at is not null and ${inIdList(sql`r.id`, refundIds)}
    ${returningUnlessRebuild(refundIds, sql`day::text as day`)}`,
  );
  return [...removed, ...added];
}

/**
 * Replaces the facts of these members (null: all): registration day (the attribution's, else the member
 * row's), acquisition channel, and their first and second paid orders (by paid time, then id).
 */
export async function refreshMemberFacts(db: Executor, memberIds: readonly number[] | null): Promise<string[]> {
  type DayRow = { day: string; d1: string | null; d2: string | null };
  const removed = await queryRows<DayRow>(
    db,
    sql`delete from channel_stats_members where ${inIdList(sql`member_id`, memberIds)}
    ${returningUnlessRebuild(memberIds, sql`registered_day::text as day, first_order_day::text as d1, second_order_day::text as d2`)}`,
  );
  const added = await queryRows<DayRow>(
    db,
    sql`
    with ranked as (
      select id, member_id, paid_at, first_channel_id, last_channel_id,
        row_number() over (partition by member_id order by paid_at, id) as rn
      from orders
      where paid_at is not null and ${inIdList(sql`member_id`, memberIds)}
    )
    insert into channel_stats_members (member_id, registered_day, channel_id,
      first_order_id, first_order_day, first_order_first_channel_id, first_order_last_channel_id,
      second_order_id, second_order_day, second_order_first_channel_id, second_order_last_channel_id)
    select m.id, ${shanghaiDaySql(sql`coalesce(ma.registered_at, m.created_at)`)}, coalesce(ma.channel_id, 0),
      o1.id, ${shanghaiDaySql(sql`o1.paid_at`)}, coalesce(o1.first_channel_id, 0), coalesce(o1.last_channel_id, 0),
      o2.id, ${shanghaiDaySql(sql`o2.paid_at`)}, coalesce(o2.first_channel_id, 0), coalesce(o2.last_channel_id, 0)
    from members m
    left join member_attribution ma on ma.member_id = m.id
    left join ranked o1 on o1.member_id = m.id and o1.rn = 1
    left join ranked o2 on o2.member_id = m.id and o2.rn = 2
    where ${inIdList(sql`m.id`, memberIds)}
    ${returningUnlessRebuild(memberIds, sql`registered_day::text as day, first_order_day::text as d1, second_order_day::text as d2`)}`,
  );
  return [...removed, ...added].flatMap((row) => [row.day, row.d1, row.d2].filter((day): day is string => day !== null));
}

/** The members of these orders (an order's payment can make it a member's first or second). */
export async function membersOfOrders(db: Executor, orderIds: readonly number[]): Promise<number[]> {
  if (orderIds.length === 0) return [];
  const rows = await queryRows<{ member_id: number }>(db, sql`select distinct member_id from orders where ${inIdList(sql`id`, orderIds)}`);
  return rows.map((row) => Number(row.member_id));
}

/** The days of these touches. */
export async function touchDays(db: Executor, touchIds: readonly number[]): Promise<string[]> {
  if (touchIds.length === 0) return [];
  return days(db, sql`select distinct ${shanghaiDaySql(sql`occurred_at`)}::text as day from touches where ${inIdList(sql`id`, touchIds)}`);
}

/** Per model (null: the same in both) and day and channel: the facts' figures. */
function factParts(dayList: readonly string[] | null): SQL {
  const members = (column: string) => inDayList(sql.raw(column), dayList);
  return sql`
    select null::text as model, registered_day as day, channel_id, count(*)::int as new_members, 0 as first_order_members,
      0 as orders, 0::bigint as paid_fen, 0::bigint as refunded_fen, 0 as repurchase_members
    from channel_stats_members where ${members('registered_day')} group by 2, 3
    union all
    select m.model, first_order_day, case m.model when 'first' then first_order_first_channel_id else first_order_last_channel_id end,
      0, count(*)::int, 0, 0, 0, 0
    from channel_stats_members cross join (values ('first'), ('last')) m(model)
    where first_order_day is not null and ${members('first_order_day')} group by 1, 2, 3
    union all
    select m.model, second_order_day, case m.model when 'first' then second_order_first_channel_id else second_order_last_channel_id end,
      0, 0, 0, 0, 0, count(*)::int
    from channel_stats_members cross join (values ('first'), ('last')) m(model)
    where second_order_day is not null and ${members('second_order_day')} group by 1, 2, 3
    union all
    select m.model, paid_day, case m.model when 'first' then first_channel_id else last_channel_id end,
      0, 0, count(*)::int, sum(paid_fen)::bigint, 0, 0
    from channel_stats_orders cross join (values ('first'), ('last')) m(model)
    where ${members('paid_day')} group by 1, 2, 3
    union all
    select m.model, day, case m.model when 'first' then first_channel_id else last_channel_id end,
      0, 0, 0, 0, sum(amount_fen)::bigint, 0
    from channel_stats_refunds cross join (values ('first'), ('last')) m(model)
    where ${members('day')} group by 1, 2, 3`;
}

/** Recomputes the fact columns of channel_daily for these days (null: all) from the facts tables. */
export async function recomputeFactDays(db: Executor, dayList: readonly string[] | null): Promise<void> {
  if (dayList !== null && dayList.length === 0) return;
  const where = inDayList(sql`day`, dayList);
  await db.execute(
    sql`update channel_daily set new_members = 0, first_order_members = 0, orders = 0, paid_fen = 0, refunded_fen = 0, repurchase_members = 0 where ${where}`,
  );
  await db.execute(sql`
    insert into channel_daily (model, day, channel_id, new_members, first_order_members, orders, paid_fen, refunded_fen, repurchase_members)
    select models.model, p.day, p.channel_id, sum(p.new_members), sum(p.first_order_members), sum(p.orders), sum(p.paid_fen), sum(p.refunded_fen),
      sum(p.repurchase_members)
    from (${factParts(dayList)}) p cross join (values ('first'), ('last')) models(model)
    where p.model is null or p.model = models.model
    group by 1, 2, 3
    on conflict (model, day, channel_id) do update set new_members = excluded.new_members, first_order_members = excluded.first_order_members,
      orders = excluded.orders, paid_fen = excluded.paid_fen, refunded_fen = excluded.refunded_fen, repurchase_members = excluded.repurchase_members`);
  await deleteEmptyRows(db, where);
}

/**
 * Who a touch is from, for counting scans/opens: the device, else the member, phone, unionid or WeCom id;
 * a touch that names nobody counts alone. A start sends its launch and its first show (both carry the
 * scene), and a shopper may scan the same card twice in a day: one person counts once per channel and day.
 */
const TOUCH_PERSON = sql.raw(
  `coalesce('d:' || t.device_id, 'm:' || t.member_id::text, 'p:' || t.phone_hash, 'u:' || t.unionid, 'x:' || t.external_user_id, 't:' || t.id::text)`,
);

/**
 * Recomputes the touches column for these days (null: all): people with a matched touch per channel and
 * day (TOUCH_PERSON), counted per channel on touches_channel_idx (channel_id, occurred_at).
 */
export async function recomputeTouchDays(db: Executor, dayList: readonly string[] | null): Promise<void> {
  if (dayList !== null && dayList.length === 0) return;
  const where = inDayList(sql`day`, dayList);
  await db.execute(sql`update channel_daily set touches = 0 where ${where}`);
  for (const range of dayList === null ? [null] : dayList) {
    const bounds =
      range === null
        ? sql`true`
        : sql`t.occurred_at >= (${range}::date::timestamp - interval '8 hours') at time zone 'UTC'
            and t.occurred_at < (${range}::date::timestamp + interval '16 hours') at time zone 'UTC'`;
    await db.execute(sql`
      insert into channel_daily (model, day, channel_id, touches)
      select models.model, x.day, c.id, x.n
      from channels c
      cross join lateral (
        select ${shanghaiDaySql(sql`t.occurred_at`)} as day, count(distinct ${TOUCH_PERSON})::int as n
        from touches t where t.channel_id = c.id and t.status = 'matched' and ${bounds}
        group by 1
      ) x
      cross join (values ('first'), ('last')) models(model)
      on conflict (model, day, channel_id) do update set touches = excluded.touches`);
  }
  await deleteEmptyRows(db, where);
}

async function deleteEmptyRows(db: Executor, where: SQL): Promise<void> {
  await db.execute(sql`
    delete from channel_daily where ${where} and touches = 0 and new_members = 0 and first_order_members = 0 and orders = 0
      and paid_fen = 0 and refunded_fen = 0 and repurchase_members = 0`);
}

/** Empties the roll-up (the rebuild starts from nothing). */
export async function clearChannelStats(db: Executor): Promise<void> {
  await db.execute(sql`delete from channel_daily`);
  await db.execute(sql`delete from channel_stats_orders`);
  await db.execute(sql`delete from channel_stats_refunds`);
  await db.execute(sql`delete from channel_stats_members`);
}
