import { sql, type SQL } from 'drizzle-orm';
import { SEGMENT_CONSENT_DEFAULTS, type SegmentCondition, type SegmentDefinition, type SegmentFact } from '@siyu/shared';

/**
 * The segment compiler: a definition (data, already validated) becomes one SQL condition over
 * `members m left join member_facts f on f.member_id = m.id`. Every value is a bound parameter; the only
 * SQL text comes from this file. Semantics (docs/decisions.md "Customer data — segment engine"):
 * every condition is true or false, never null (a member without a value does not match), and `not`
 * takes the complement of that set; a missing facts row reads as zeros and 'prospect'.
 */

const DAY_MS = 86_400_000;
const CHINA_OFFSET_S = 8 * 3600;

/** The China-time (UTC+8) day number of an instant: days since 1970-01-01 in Asia/Shanghai. */
export function chinaDayNumber(at: Date): number {
  return Math.floor((at.getTime() / 1000 + CHINA_OFFSET_S) / 86_400);
}

/** `values` as a parenthesised list of bound parameters. */
function list(values: readonly (string | number)[]): SQL {
  return sql`(${sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )})`;
}

/** China-time days between the timestamp column and `now` (null when the column is). */
function daysSince(column: SQL, now: Date): SQL {
  return sql`(${chinaDayNumber(now)}::int - floor((extract(epoch from ${column}) + ${CHINA_OFFSET_S}) / 86400)::int)`;
}

/** The value a fact condition compares, as SQL (null only for the days of something that never happened). */
function factValue(fact: SegmentFact, now: Date): SQL {
  switch (fact) {
    case 'paidOrders':
      return sql`coalesce(f.paid_orders, 0)`;
    case 'netPaidFen':
      return sql`coalesce(f.net_paid_fen, 0)`;
    case 'aovFen':
      return sql`coalesce(f.aov_fen, 0)`;
    case 'refundCount':
      return sql`coalesce(f.refund_count, 0)`;
    case 'couponShareBp':
      return sql`coalesce(f.coupon_share_bp, 0)`;
    case 'windowOrders':
      return sql`coalesce(f.window_orders, 0)`;
    case 'windowNetFen':
      return sql`coalesce(f.window_net_fen, 0)`;
    case 'rScore':
      return sql`coalesce(f.r_score, 0)`;
    case 'fScore':
      return sql`coalesce(f.f_score, 0)`;
    case 'mScore':
      return sql`coalesce(f.m_score, 0)`;
    case 'daysSinceLastOrder':
      return daysSince(sql`f.last_paid_at`, now);
    case 'daysSinceFirstOrder':
      return daysSince(sql`f.first_paid_at`, now);
    case 'daysSinceRegistered':
      return daysSince(sql`m.created_at`, now);
    case 'daysSinceLastActive':
      return daysSince(sql`f.last_active_at`, now);
    case 'pointsBalance':
      return sql`coalesce((select a.points_balance from member_accounts a where a.member_id = m.id), 0)`;
  }
}

/** Orders that count as bought: paid, and neither cancelled nor fully refunded. */
const COUNTED_ORDER = sql`o.paid_at is not null and o.status not in ('pending_payment', 'cancelled', 'refunded')`;

/** Product ids of the given categories and all their descendants (categories.parent_id). */
function productsInCategories(categoryIds: readonly number[]): SQL {
  return sql`(select p.id from products p where p.category_id in (
    with recursive tree(id) as (
      select c.id from categories c where c.id in ${list(categoryIds)}
      union
      select child.id from categories child join tree on child.parent_id = tree.id
    ) select id from tree))`;
}

function productMatch(column: SQL, c: { productIds?: number[] | undefined; categoryIds?: number[] | undefined }): SQL {
  return c.productIds ? sql`${column} in ${list(c.productIds)}` : sql`${column} in ${productsInCategories(c.categoryIds ?? [])}`;
}

/** The condition without its `not`: a boolean expression that is never null. */
function positive(condition: SegmentCondition, now: Date): SQL {
  switch (condition.type) {
    case 'fact': {
      const value = factValue(condition.fact, now);
      const test =
        condition.op === 'gte'
          ? sql`${value} >= ${condition.value}`
          : condition.op === 'lte'
            ? sql`${value} <= ${condition.value}`
            : condition.op === 'eq'
              ? sql`${value} = ${condition.value}`
              : sql`${value} between ${condition.value} and ${condition.to ?? condition.value}`;
      return sql`coalesce(${test}, false)`;
    }
    case 'rfmCell':
      return sql`coalesce(f.rfm_cell in ${list(condition.cells)}, false)`;
    case 'lifecycle':
      return sql`coalesce(f.lifecycle, 'prospect') in ${list(condition.stages)}`;
    case 'tier':
      return sql`m.tier_code in ${list(condition.tiers)}`;
    case 'tag': {
      const carried = sql`from member_tags mt join tags t on t.id = mt.tag_id where mt.member_id = m.id and t.status = 'active' and mt.tag_id in ${list(condition.tagIds)}`;
      if (condition.op === 'any') return sql`exists (select 1 ${carried})`;
      if (condition.op === 'none') return sql`not exists (select 1 ${carried})`;
      return sql`(select count(distinct mt.tag_id) ${carried}) = ${new Set(condition.tagIds).size}`;
    }
    case 'channel': {
      const ids = list(condition.channelIds);
      if (condition.which === 'acquisition') return sql`coalesce(f.first_channel_id in ${ids}, false)`;
      if (condition.which === 'last') return sql`coalesce(f.last_channel_id in ${ids}, false)`;
      return sql`(coalesce(f.first_channel_id in ${ids} or f.last_channel_id in ${ids}, false)
        or exists (select 1 from touches tc where tc.member_id = m.id and tc.channel_id in ${ids})
        or exists (select 1 from orders o where o.member_id = m.id and (o.first_channel_id in ${ids} or o.last_channel_id in ${ids})))`;
    }
    case 'bought': {
      const since = new Date(now.getTime() - condition.withinDays * DAY_MS);
      return sql`(select count(distinct o.id) from orders o join order_lines l on l.order_id = o.id
        where o.member_id = m.id and ${COUNTED_ORDER} and o.paid_at >= ${since} and o.paid_at <= ${now}
          and ${productMatch(sql`l.product_id`, condition)}) >= ${condition.minTimes ?? 1}`;
    }
    case 'viewedNotBought': {
      const since = new Date(now.getTime() - condition.withinDays * DAY_MS);
      return sql`exists (select 1 from behaviour_events e
        where e.member_id = m.id and e.type = 'product_view' and e.occurred_at >= ${since} and e.occurred_at <= ${now}
          and ${productMatch(sql`e.product_id`, condition)}
          and not exists (select 1 from orders o join order_lines l on l.order_id = o.id
            where o.member_id = m.id and ${COUNTED_ORDER} and o.paid_at >= ${since} and o.paid_at <= ${now} and l.product_id = e.product_id))`;
    }
    case 'couponHeld': {
      const templates = condition.templateIds ? sql` and mc.template_id in ${list(condition.templateIds)}` : sql``;
      return sql`exists (select 1 from member_coupons mc where mc.member_id = m.id and mc.status = 'available'
        and mc.valid_from <= ${now} and mc.expires_at > ${now}${templates})`;
    }
    case 'couponUsed': {
      const since = new Date(now.getTime() - condition.withinDays * DAY_MS);
      const templates = condition.templateIds ? sql` and mc.template_id in ${list(condition.templateIds)}` : sql``;
      return sql`exists (select 1 from member_coupons mc where mc.member_id = m.id and mc.status = 'used'
        and mc.used_at >= ${since} and mc.used_at <= ${now}${templates})`;
    }
    case 'birthdayMonth':
      return sql`exists (select 1 from member_accounts a where a.member_id = m.id and a.birthday is not null
        and substr(a.birthday, 1, 2)::int in ${list(condition.months)})`;
    case 'city':
      return sql`coalesce(f.city in ${list(condition.cities)}, false)`;
    case 'hasPhone':
      return condition.value ? sql`m.phone_hash is not null` : sql`m.phone_hash is null`;
    case 'consent': {
      // One row per (member, channel); no row reads as the channel's default (personalised on, the others off).
      const fallback = SEGMENT_CONSENT_DEFAULTS[condition.channel] ? sql`true` : sql`false`;
      const granted = sql`coalesce((select mk.granted from member_consents mk where mk.member_id = m.id and mk.channel = ${condition.channel}), ${fallback})`;
      return condition.granted ? granted : sql`not ${granted}`;
    }
  }
}

export function compileCondition(condition: SegmentCondition, now: Date): SQL {
  const test = positive(condition, now);
  return 'not' in condition && condition.not ? sql`not (${test})` : sql`(${test})`;
}

function combine(parts: SQL[], match: 'all' | 'any'): SQL {
  if (parts.length === 0) return sql`true`;
  return sql`(${sql.join(parts, match === 'all' ? sql` and ` : sql` or `)})`;
}

/** The WHERE condition of a segment over `members m left join member_facts f on f.member_id = m.id`. */
export function compileSegment(definition: SegmentDefinition, now: Date): SQL {
  const groups = definition.groups.map((group) =>
    combine(
      group.conditions.map((condition) => compileCondition(condition, now)),
      group.match,
    ),
  );
  return combine(groups, definition.match);
}

/** The FROM clause the compiled condition is written against. */
export const SEGMENT_FROM = sql`members m left join member_facts f on f.member_id = m.id`;
