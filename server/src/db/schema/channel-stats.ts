import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { fen } from './columns';

/**
 * The channel report's roll-up (issue 13), derived from orders, refunds, members, member_attribution and
 * touches by the `channel-stats` event consumer and rebuilt from them by `rebuildChannelStats`. Channel 0
 * stands for "no channel" (自然流量). Days are Asia/Shanghai dates. The facts tables hold what each source
 * row counts for (one row per paid order, succeeded refund, member); `channel_daily` is their per-day sum,
 * recomputed day by day from them, so applying an event twice changes nothing.
 */

/** A paid order as the report counts it: its day, amount and both attributions. */
export const channelStatsOrders = pgTable(
  'channel_stats_orders',
  {
    orderId: integer('order_id').primaryKey(),
    memberId: integer('member_id').notNull(),
    paidDay: date('paid_day', { mode: 'string' }).notNull(),
    paidFen: fen('paid_fen').notNull(),
    firstChannelId: integer('first_channel_id').notNull(),
    lastChannelId: integer('last_channel_id').notNull(),
  },
  (t) => [index('channel_stats_orders_day_idx').on(t.paidDay)],
);

/** A succeeded refund of a paid order, on its own day, under its order's attributions. */
export const channelStatsRefunds = pgTable(
  'channel_stats_refunds',
  {
    refundId: integer('refund_id').primaryKey(),
    orderId: integer('order_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    amountFen: fen('amount_fen').notNull(),
    firstChannelId: integer('first_channel_id').notNull(),
    lastChannelId: integer('last_channel_id').notNull(),
  },
  (t) => [index('channel_stats_refunds_day_idx').on(t.day)],
);

/** A member: registration day and acquisition channel, and their first and second paid orders. */
export const channelStatsMembers = pgTable(
  'channel_stats_members',
  {
    memberId: integer('member_id').primaryKey(),
    registeredDay: date('registered_day', { mode: 'string' }).notNull(),
    channelId: integer('channel_id').notNull(),
    firstOrderId: integer('first_order_id'),
    firstOrderDay: date('first_order_day', { mode: 'string' }),
    firstOrderFirstChannelId: integer('first_order_first_channel_id'),
    firstOrderLastChannelId: integer('first_order_last_channel_id'),
    secondOrderId: integer('second_order_id'),
    secondOrderDay: date('second_order_day', { mode: 'string' }),
    secondOrderFirstChannelId: integer('second_order_first_channel_id'),
    secondOrderLastChannelId: integer('second_order_last_channel_id'),
  },
  (t) => [
    index('channel_stats_members_registered_idx').on(t.registeredDay),
    index('channel_stats_members_first_idx')
      .on(t.firstOrderDay)
      .where(sql`${t.firstOrderDay} is not null`),
    index('channel_stats_members_second_idx')
      .on(t.secondOrderDay)
      .where(sql`${t.secondOrderDay} is not null`),
  ],
);

/**
 * Per day, channel (0: none) and model: the report's figures. Model-independent figures (touches, new
 * members) are the same in both models' rows. Reach is not here: the report reads channel_reach directly.
 */
export const channelDaily = pgTable(
  'channel_daily',
  {
    model: text('model').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    channelId: integer('channel_id').notNull(),
    touches: integer('touches').notNull().default(0),
    newMembers: integer('new_members').notNull().default(0),
    firstOrderMembers: integer('first_order_members').notNull().default(0),
    orders: integer('orders').notNull().default(0),
    paidFen: fen('paid_fen').notNull().default(0),
    refundedFen: fen('refunded_fen').notNull().default(0),
    repurchaseMembers: integer('repurchase_members').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.model, t.day, t.channelId] }), check('channel_daily_model_check', sql`${t.model} in ('first','last')`)],
);
