import { sql } from 'drizzle-orm';
import { bigserial, boolean, date, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, fen } from './columns';

/*
 * The dashboards' roll-ups (issue 16, 数据看板). Definitions of every metric: docs/metrics.md.
 *
 * Two event consumers keep them, each in the same transaction as its cursor (exactly-once effects):
 * - `analytics-core` (server/src/modules/analytics): stats_orders, stats_refunds, stats_members,
 *   stats_member_days, stats_visits and stats_daily — the home page and the funnel / cohort / repurchase reports;
 * - `analytics-detail` (server/src/modules/analytics-detail): stats_order_lines, stats_product_daily,
 *   stats_order_promotions, stats_promotion_daily, stats_category_gaps, stats_lifecycle_changes.
 * The facts tables (one row per source row) are copied again from their source rows for every event that names
 * them; the daily tables are recomputed for the days that changed, from the facts. A nightly rebuild recomputes
 * everything from the source tables and must find the same rows (tested). Days are Asia/Shanghai dates; channel 0
 * stands for "no channel" (自然流量). Dashboards read only these tables, never orders on request.
 */

/** A paid order (paid_at set) as the dashboards count it. */
export const statsOrders = pgTable(
  'stats_orders',
  {
    orderId: integer('order_id').primaryKey(),
    memberId: integer('member_id').notNull(),
    paidAt: timestamp('paid_at', { withTimezone: true, mode: 'date' }).notNull(),
    paidDay: date('paid_day', { mode: 'string' }).notNull(),
    /** The order's payable amount (what the member paid). */
    paidFen: fen('paid_fen').notNull(),
    /** Σ its succeeded refunds (as of the last refresh). */
    refundedFen: fen('refunded_fen').notNull().default(0),
    firstChannelId: integer('first_channel_id').notNull(),
    lastChannelId: integer('last_channel_id').notNull(),
    liveSessionId: integer('live_session_id'),
    /** 1 for the member's first paid order, 2 for the second… (by paid_at, then order id). */
    memberSeq: integer('member_seq').notNull(),
    /** The member's previous paid order's paid_at (null for the first). */
    prevPaidAt: timestamp('prev_paid_at', { withTimezone: true, mode: 'date' }),
    /** The first day of the month of the member's first paid order (their cohort). */
    cohortMonth: date('cohort_month', { mode: 'string' }).notNull(),
  },
  (t) => [
    index('stats_orders_day_idx').on(t.paidDay),
    index('stats_orders_member_idx').on(t.memberId, t.paidAt),
    index('stats_orders_cohort_idx').on(t.cohortMonth),
  ],
);

/** A succeeded refund of a paid order, on the day it succeeded. */
export const statsRefunds = pgTable(
  'stats_refunds',
  {
    refundId: integer('refund_id').primaryKey(),
    orderId: integer('order_id').notNull(),
    memberId: integer('member_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    amountFen: fen('amount_fen').notNull(),
    firstChannelId: integer('first_channel_id').notNull(),
  },
  (t) => [index('stats_refunds_day_idx').on(t.day), index('stats_refunds_member_idx').on(t.memberId)],
);

/** A member: registration, acquisition channel and their paid-order milestones. */
export const statsMembers = pgTable(
  'stats_members',
  {
    memberId: integer('member_id').primaryKey(),
    registeredDay: date('registered_day', { mode: 'string' }).notNull(),
    /** Acquisition (first-touch) channel; 0 = none. */
    channelId: integer('channel_id').notNull(),
    firstPaidAt: timestamp('first_paid_at', { withTimezone: true, mode: 'date' }),
    firstPaidDay: date('first_paid_day', { mode: 'string' }),
    secondPaidAt: timestamp('second_paid_at', { withTimezone: true, mode: 'date' }),
    paidOrders: integer('paid_orders').notNull().default(0),
    paidFen: fen('paid_fen').notNull().default(0),
    refundedFen: fen('refunded_fen').notNull().default(0),
  },
  (t) => [
    index('stats_members_registered_idx').on(t.registeredDay),
    index('stats_members_first_paid_idx')
      .on(t.firstPaidDay)
      .where(sql`${t.firstPaidDay} is not null`),
  ],
);

/** Per member and day with a paid order or a refund: the member's orders and money that day. */
export const statsMemberDays = pgTable(
  'stats_member_days',
  {
    memberId: integer('member_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    paidOrders: integer('paid_orders').notNull().default(0),
    paidFen: fen('paid_fen').notNull().default(0),
    refundFen: fen('refund_fen').notNull().default(0),
    /** The member's acquisition channel and cohort month, copied for grouping without a join. */
    channelId: integer('channel_id').notNull(),
    cohortMonth: date('cohort_month', { mode: 'string' }),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.day] }),
    index('stats_member_days_day_idx').on(t.day),
    index('stats_member_days_cohort_idx').on(t.cohortMonth, t.day),
  ],
);

/**
 * A visitor's day (from behaviour events): the visitor is `m:<memberId>` once the member is known (events of a
 * device are merged at login), else `d:<deviceId>`. steps: 1 visit, 2 product view, 4 add to cart, 8 checkout
 * start, 16 share. channel_id: the member's acquisition channel, or the device's first-touch channel.
 */
export const statsVisits = pgTable(
  'stats_visits',
  {
    day: date('day', { mode: 'string' }).notNull(),
    visitor: text('visitor').notNull(),
    memberId: integer('member_id'),
    channelId: integer('channel_id').notNull(),
    steps: smallint('steps').notNull(),
    pageViews: integer('page_views').notNull().default(0),
    productViews: integer('product_views').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.visitor] }), index('stats_visits_member_idx').on(t.memberId, t.day)],
);

/** Per day: the home page's additive figures (distinct counts over a range come from the tables above). */
export const statsDaily = pgTable('stats_daily', {
  day: date('day', { mode: 'string' }).primaryKey(),
  gmvFen: fen('gmv_fen').notNull().default(0),
  paidOrders: integer('paid_orders').notNull().default(0),
  payingMembers: integer('paying_members').notNull().default(0),
  refundFen: fen('refund_fen').notNull().default(0),
  refunds: integer('refunds').notNull().default(0),
  newMembers: integer('new_members').notNull().default(0),
  firstBuyers: integer('first_buyers').notNull().default(0),
  visitors: integer('visitors').notNull().default(0),
  pageViews: integer('page_views').notNull().default(0),
  productViews: integer('product_views').notNull().default(0),
});

/** An order line of a paid order (detail consumer): product sales, refunds and cost. */
export const statsOrderLines = pgTable(
  'stats_order_lines',
  {
    orderId: integer('order_id').notNull(),
    lineNo: integer('line_no').notNull(),
    memberId: integer('member_id').notNull(),
    paidDay: date('paid_day', { mode: 'string' }).notNull(),
    productId: integer('product_id').notNull(),
    skuId: integer('sku_id').notNull(),
    categoryId: integer('category_id'),
    /** traffic / hero / profit (the product's role at refresh time). */
    role: text('role').notNull(),
    quantity: integer('quantity').notNull(),
    paidFen: fen('paid_fen').notNull(),
    refundedQuantity: integer('refunded_quantity').notNull().default(0),
    refundedFen: fen('refunded_fen').notNull().default(0),
    /** The SKU's cost × quantity at refresh time (null when the SKU has no cost price). */
    costFen: fen('cost_fen'),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.lineNo] }),
    index('stats_order_lines_day_idx').on(t.paidDay),
    index('stats_order_lines_member_idx').on(t.memberId),
  ],
);

/** Per day and product: units, sales, refunds and cost (sum of stats_order_lines by paid day). */
export const statsProductDaily = pgTable(
  'stats_product_daily',
  {
    day: date('day', { mode: 'string' }).notNull(),
    productId: integer('product_id').notNull(),
    role: text('role').notNull(),
    orders: integer('orders').notNull().default(0),
    quantity: integer('quantity').notNull().default(0),
    paidFen: fen('paid_fen').notNull().default(0),
    refundedQuantity: integer('refunded_quantity').notNull().default(0),
    refundedFen: fen('refunded_fen').notNull().default(0),
    costFen: fen('cost_fen').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.productId] })],
);

/** A promotion applied to a paid order: coupon / store_promotion / promo_code / flash_sale / points. */
export const statsOrderPromotions = pgTable(
  'stats_order_promotions',
  {
    orderId: integer('order_id').notNull(),
    kind: text('kind').notNull(),
    promotionId: integer('promotion_id').notNull(),
    memberId: integer('member_id').notNull(),
    paidDay: date('paid_day', { mode: 'string' }).notNull(),
    discountFen: fen('discount_fen').notNull(),
    /** The order's payable amount (GMV with this promotion). */
    orderPaidFen: fen('order_paid_fen').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.kind, t.promotionId] }), index('stats_order_promotions_day_idx').on(t.paidDay, t.kind)],
);

/** Per day and promotion: orders, buyers, GMV with it and the discount it cost. */
export const statsPromotionDaily = pgTable(
  'stats_promotion_daily',
  {
    day: date('day', { mode: 'string' }).notNull(),
    kind: text('kind').notNull(),
    promotionId: integer('promotion_id').notNull(),
    orders: integer('orders').notNull().default(0),
    buyers: integer('buyers').notNull().default(0),
    gmvFen: fen('gmv_fen').notNull().default(0),
    discountFen: fen('discount_fen').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.kind, t.promotionId] })],
);

/**
 * Days between a member's consecutive paid orders that contain a category, counted on the later order's day:
 * per day, category and gap in days, how many such repeat purchases.
 */
export const statsCategoryGaps = pgTable(
  'stats_category_gaps',
  {
    day: date('day', { mode: 'string' }).notNull(),
    categoryId: integer('category_id').notNull(),
    gapDays: integer('gap_days').notNull(),
    repeats: integer('repeats').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.categoryId, t.gapDays] })],
);

/** Each member.lifecycle_changed event (by its outbox id), for the month-to-month flows. */
export const statsLifecycleChanges = pgTable(
  'stats_lifecycle_changes',
  {
    eventId: integer('event_id').primaryKey(),
    memberId: integer('member_id').notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    fromStage: text('from_stage').notNull(),
    toStage: text('to_stage').notNull(),
  },
  (t) => [index('stats_lifecycle_changes_month_idx').on(t.month)],
);

/** Monthly KPI targets (GMV, new members, repurchase rate, monthly active members). */
export const kpiTargets = pgTable(
  'kpi_targets',
  {
    month: date('month', { mode: 'string' }).notNull(),
    metric: text('metric').notNull(),
    /** Fen for GMV, a count for members, basis points (1/10,000) for the repurchase rate. */
    target: fen('target').notNull(),
    updatedBy: integer('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.month, t.metric] })],
);

/** The store's analytics settings (one row, id 1). */
export const analyticsSettings = pgTable('analytics_settings', {
  id: integer('id').primaryKey(),
  /** Raw behaviour events older than this are dropped (whole monthly partitions). */
  eventRetentionDays: integer('event_retention_days').notNull().default(400),
  dailyReportEnabled: boolean('daily_report_enabled').notNull().default(true),
  /** China-time hour the 日报 goes out. */
  dailyReportHour: integer('daily_report_hour').notNull().default(8),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** One 日报 per China day (the day it reports on), sent once: in-app to staff, then the WeCom robot. */
export const dailyReports = pgTable('daily_reports', {
  day: date('day', { mode: 'string' }).primaryKey(),
  content: jsonb('content').notNull(),
  /** pending / sent / failed / off (no webhook configured). */
  robotStatus: text('robot_status').notNull(),
  robotError: text('robot_error'),
  robotAttempts: integer('robot_attempts').notNull().default(0),
  /** While pending: not before this instant (retry backoff, and a sender's lease while it posts). */
  robotNextAt: timestamp('robot_next_at', { withTimezone: true, mode: 'date' }),
  createdAt: createdAt(),
  robotSentAt: timestamp('robot_sent_at', { withTimezone: true, mode: 'date' }),
});

/** Staff in-app messages (站内信): the 日报, finished exports. */
export const staffMessages = pgTable(
  'staff_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    staffId: integer('staff_id').notNull(),
    kind: text('kind').notNull(),
    /** Unique per staff member and kind (e.g. the day of a 日报): a replay writes nothing. */
    dedupeKey: text('dedupe_key').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    link: text('link'),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('staff_messages_dedupe_key').on(t.staffId, t.kind, t.dedupeKey), index('staff_messages_staff_idx').on(t.staffId, t.id)],
);

/** A CSV export run as a background job (reports of more than EXPORT_SYNC_MAX_ROWS rows). */
export const reportExports = pgTable(
  'report_exports',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    staffId: integer('staff_id').notNull(),
    report: text('report').notNull(),
    params: jsonb('params').notNull(),
    /** queued / running / done / failed / expired (file deleted after EXPORT_KEEP_DAYS) */
    status: text('status').notNull(),
    totalRows: integer('total_rows'),
    doneRows: integer('done_rows').notNull().default(0),
    fileName: text('file_name'),
    error: text('error'),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
    /** Set by the worker at claim and after every page; a running export whose heartbeat is stale is taken again. */
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('report_exports_staff_idx').on(t.staffId, t.id), index('report_exports_status_idx').on(t.status)],
);
