import { sql, type SQL } from 'drizzle-orm';
import type { JourneyTrigger } from '@siyu/shared';
import { chinaDatePlus, chinaDay, chinaDaySql, chinaDateSql } from './time';

/**
 * The SQL of each time-based trigger: one set-based SELECT of (member_id, occurrence, context) for the
 * members due now. The occurrence is stable (`order:<id>`, `birthday:<year>`…), so a later scan proposes
 * the same rows and the enrollment's unique key admits nobody twice. Windows are bounded behind (24 h for
 * unpaid orders, 7 days for the others) so enabling a journey does not sweep up years of history.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** How far behind a day-based trigger still catches a due member (a server down for a while catches up). */
export const CATCH_UP_DAYS = 7;
/** A category's repurchase cycle needs this many repeat purchases in the last year; shorter cycles count as this floor. */
export const CATEGORY_CYCLE_MIN_REPEATS = 20;
export const CATEGORY_CYCLE_MIN_DAYS = 7;

type TimeTrigger = Exclude<JourneyTrigger, { type: 'event' } | { type: 'segment_entered' } | { type: 'schedule' }>;

const iso = (at: Date) => sql`${at.toISOString()}::timestamptz`;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The candidate rows of a time trigger at `now` (a SELECT of member_id int, occurrence text, context jsonb). */
export function triggerCandidates(trigger: TimeTrigger, now: Date): SQL {
  const today = chinaDay(now);
  switch (trigger.type) {
    case 'order_unpaid': {
      const due = new Date(now.getTime() - trigger.minutes * MINUTE_MS);
      const oldest = new Date(due.getTime() - DAY_MS);
      return sql`select o.member_id, 'order:' || o.id as occurrence, jsonb_build_object('orderId', o.id) as context
        from orders o
        where o.status = 'pending_payment' and o.created_at <= ${iso(due)} and o.created_at > ${iso(oldest)}`;
    }
    case 'delivered': {
      // No carrier delivery time is kept: the member's confirmation (completed_at) or else the ship time.
      const deliveredAt = sql`coalesce(o.completed_at, o.shipped_at)`;
      const due = new Date(now.getTime() - trigger.days * DAY_MS);
      const oldest = new Date(due.getTime() - CATCH_UP_DAYS * DAY_MS);
      return sql`select o.member_id, 'order:' || o.id as occurrence, jsonb_build_object('orderId', o.id) as context
        from orders o
        where o.status in ('shipped', 'completed') and ${deliveredAt} <= ${iso(due)} and ${deliveredAt} > ${iso(oldest)}`;
    }
    case 'cart_abandoned': {
      const due = new Date(now.getTime() - trigger.minutes * MINUTE_MS);
      const oldest = new Date(due.getTime() - CATCH_UP_DAYS * DAY_MS);
      return sql`select c.member_id, 'cart:' || ${chinaDateSql(sql`c.last_update`)} as occurrence, jsonb_build_object('items', c.items) as context
        from (select member_id, max(updated_at) as last_update, count(*)::int as items from cart_items group by member_id) c
        where c.last_update <= ${iso(due)} and c.last_update > ${iso(oldest)}
          and not exists (select 1 from orders o where o.member_id = c.member_id and o.created_at >= c.last_update)`;
    }
    case 'birthday': {
      const target = chinaDatePlus(now, trigger.daysBefore);
      const year = Number(target.slice(0, 4));
      const monthDay = target.slice(5);
      // Born on 29 February: greeted on the 28th in a common year.
      const days = monthDay === '02-28' && !isLeapYear(year) ? sql`('02-28', '02-29')` : sql`(${monthDay})`;
      return sql`select a.member_id, ${`birthday:${year}`}::text as occurrence, jsonb_build_object('date', ${target}::text) as context
        from member_accounts a where a.birthday in ${days}`;
    }
    case 'downgrade_warning':
      return sql`select a.member_id, 'downgrade:' || ${chinaDateSql(sql`a.downgrade_at`)} as occurrence,
          jsonb_build_object('toTier', a.downgrade_to, 'date', ${chinaDateSql(sql`a.downgrade_at`)}) as context
        from member_accounts a
        where a.downgrade_to is not null and a.downgrade_at > ${iso(now)}
          and ${chinaDaySql(sql`a.downgrade_at`)} - ${today}::int <= ${trigger.daysBefore}::int`;
    case 'points_expiring':
      return sql`select l.member_id, 'points:' || l.day as occurrence, jsonb_build_object('points', l.points, 'date', l.day) as context
        from (select member_id, ${chinaDateSql(sql`expires_at`)} as day, sum(remaining)::int as points
              from points_lots
              where remaining > 0 and expires_at > ${iso(now)} and ${chinaDaySql(sql`expires_at`)} - ${today}::int <= ${trigger.daysBefore}::int
              group by member_id, ${chinaDateSql(sql`expires_at`)}) l`;
    case 'coupon_expiring':
      return sql`select mc.member_id, 'coupon:' || mc.id as occurrence,
          jsonb_build_object('memberCouponId', mc.id, 'couponId', mc.template_id, 'date', ${chinaDateSql(sql`mc.expires_at`)}) as context
        from member_coupons mc
        where mc.status = 'available' and mc.expires_at > ${iso(now)} and ${chinaDaySql(sql`mc.expires_at`)} - ${today}::int <= ${trigger.daysBefore}::int`;
    case 'repurchase_due': {
      if (trigger.byCategoryCycle) return categoryCycleCandidates(trigger, now);
      const category =
        trigger.categoryId === null
          ? sql``
          : sql`and exists (select 1 from order_lines ol join products p on p.id = ol.product_id where ol.order_id = o.id and p.category_id = ${trigger.categoryId})`;
      // The member's last paid order with the category, due `days` China days after it was paid, with no order since.
      return sql`select x.member_id, 'repurchase:' || x.order_id as occurrence, jsonb_build_object('orderId', x.order_id) as context
        from (select distinct on (o.member_id) o.member_id, o.id as order_id, o.paid_at
              from orders o
              where o.paid_at is not null and o.status not in ('cancelled', 'refunded') ${category}
              order by o.member_id, o.paid_at desc, o.id desc) x
        where ${today}::int - ${chinaDaySql(sql`x.paid_at`)} between ${trigger.days}::int and ${trigger.days + CATCH_UP_DAYS}::int
          and not exists (select 1 from orders n where n.member_id = x.member_id and n.created_at > x.paid_at and n.id <> x.order_id)`;
    }
  }
}

/**
 * repurchase_due by each category's own cycle: per (member, category) the member's last paid order with the
 * category, due when the days since reach the category's cycle — the nearest-rank median of
 * stats_category_gaps over the last 365 China days (the 复购分析 report's median), at least
 * CATEGORY_CYCLE_MIN_DAYS, from CATEGORY_CYCLE_MIN_REPEATS repeats — else `days`; no order since.
 * Occurrence `repurchase:<order>:<category>`.
 */
function categoryCycleCandidates(trigger: Extract<TimeTrigger, { type: 'repurchase_due' }>, now: Date): SQL {
  const today = chinaDay(now);
  const category = trigger.categoryId === null ? sql`` : sql`and p.category_id = ${trigger.categoryId}`;
  // No cycle is longer than a year (366) plus the catch-up: older purchases cannot be due.
  const oldest = new Date(now.getTime() - (366 + CATCH_UP_DAYS + 2) * DAY_MS);
  return sql`with gaps as (
      select category_id, gap_days, sum(repeats)::int as repeats from stats_category_gaps
      where day > ${chinaDatePlus(now, -365)}::date group by category_id, gap_days having sum(repeats) > 0
    ), cycles as (
      select distinct on (w.category_id) w.category_id, greatest(w.gap_days, ${CATEGORY_CYCLE_MIN_DAYS}::int) as cycle
      from (select g.category_id, g.gap_days,
              sum(g.repeats) over (partition by g.category_id order by g.gap_days) as seen,
              sum(g.repeats) over (partition by g.category_id) as total
            from gaps g) w
      where w.total >= ${CATEGORY_CYCLE_MIN_REPEATS}::int and w.seen * 2 >= w.total
      order by w.category_id, w.gap_days
    ), last_buys as (
      select distinct on (o.member_id, p.category_id) o.member_id, p.category_id, o.id as order_id, o.paid_at
      from orders o join order_lines ol on ol.order_id = o.id join products p on p.id = ol.product_id
      where o.paid_at is not null and o.paid_at > ${iso(oldest)} and o.status not in ('cancelled', 'refunded') ${category}
      order by o.member_id, p.category_id, o.paid_at desc, o.id desc
    )
    select x.member_id, 'repurchase:' || x.order_id || ':' || x.category_id as occurrence,
      jsonb_build_object('orderId', x.order_id, 'categoryId', x.category_id) as context
    from last_buys x left join cycles c on c.category_id = x.category_id
    where ${today}::int - ${chinaDaySql(sql`x.paid_at`)} between coalesce(c.cycle, ${trigger.days}::int) and coalesce(c.cycle, ${trigger.days}::int) + ${CATCH_UP_DAYS}::int
      and not exists (select 1 from orders n where n.member_id = x.member_id and n.created_at > x.paid_at and n.id <> x.order_id)`;
}
