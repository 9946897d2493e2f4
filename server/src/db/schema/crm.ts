import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { createdAt, fen, updatedAt } from './columns';
import { members, staff } from './identity';

/**
 * Customer data (用户分层, issue 14): member facts with RFM and lifecycle, tags, segments, staff notes,
 * consents and behaviour events (product views). docs/decisions.md "Customer data".
 */

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * One row per member, derived from orders, refunds, coupons, touches and addresses: refreshed for the
 * members an outbox event names (member-facts consumer) and rebuilt nightly for everyone (the same SQL).
 * A paid order counts once paid and until fully refunded; amounts are net of refunds.
 * Tier, points and birthday are read from their own tables (always current), not copied here.
 */
export const memberFacts = pgTable(
  'member_facts',
  {
    memberId: integer('member_id')
      .primaryKey()
      .references(() => members.id, { onDelete: 'cascade' }),
    registeredAt: ts('registered_at').notNull(),
    firstPaidAt: ts('first_paid_at'),
    lastPaidAt: ts('last_paid_at'),
    /** Paid orders, fully refunded ones excluded (lifetime). */
    paidOrders: integer('paid_orders').notNull().default(0),
    /** Σ (payable − refunded) over those orders (lifetime). */
    netPaidFen: fen('net_paid_fen').notNull().default(0),
    refundedFen: fen('refunded_fen').notNull().default(0),
    /** Succeeded refunds. */
    refundCount: integer('refund_count').notNull().default(0),
    /** floor(netPaidFen / paidOrders); 0 without orders. */
    aovFen: fen('aov_fen').notNull().default(0),
    /** Paid orders that used a coupon, and their share of paid orders in basis points. */
    couponOrders: integer('coupon_orders').notNull().default(0),
    couponShareBp: integer('coupon_share_bp').notNull().default(0),
    /** Up to 3 category ids, most bought first (by quantity, paid orders). */
    favouriteCategoryIds: jsonb('favourite_category_ids').$type<number[]>().notNull().default([]),
    /** F and M: paid orders and net fen within the RFM window, as of `computedAt`. */
    windowOrders: integer('window_orders').notNull().default(0),
    windowNetFen: fen('window_net_fen').notNull().default(0),
    /** China-time days since the last paid order, as of `computedAt` (null: never paid). */
    recencyDays: integer('recency_days'),
    /** The RFM cell ('111' … '000'); null for 潜客 (never paid). */
    rfmCell: text('rfm_cell'),
    rScore: smallint('r_score'),
    fScore: smallint('f_score'),
    mScore: smallint('m_score'),
    /** 'prospect' | 'new' | 'active' | 'silent' | 'at_risk' | 'churned', since when. */
    lifecycle: text('lifecycle').notNull().default('prospect'),
    lifecycleSince: ts('lifecycle_since').notNull().defaultNow(),
    firstChannelId: integer('first_channel_id'),
    lastChannelId: integer('last_channel_id'),
    lastActiveAt: ts('last_active_at'),
    /** The default address's city name (e.g. 深圳市). */
    city: text('city'),
    /** When the time-dependent columns (window, recency, cell, scores, lifecycle) were computed. */
    computedAt: ts('computed_at').notNull().defaultNow(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('member_facts_rfm_idx').on(t.rfmCell, t.windowNetFen),
    index('member_facts_lifecycle_idx').on(t.lifecycle),
    index('member_facts_last_paid_idx').on(t.lastPaidAt),
    index('member_facts_net_paid_idx').on(t.netPaidFen),
    index('member_facts_first_channel_idx').on(t.firstChannelId),
    index('member_facts_last_channel_idx').on(t.lastChannelId),
    index('member_facts_city_idx').on(t.city),
    check('member_facts_lifecycle_check', sql`${t.lifecycle} in ('prospect','new','active','silent','at_risk','churned')`),
    check('member_facts_rfm_check', sql`${t.rfmCell} is null or ${t.rfmCell} ~ '^[01]{3}$'`),
  ],
);

/** The store's customer-data settings (one row, id 1) and the RFM thresholds in force (computed at rebuild). */
export const crmSettings = pgTable('crm_settings', {
  id: integer('id').primaryKey(),
  settings: jsonb('settings').notNull(),
  thresholds: jsonb('thresholds'),
  updatedAt: updatedAt(),
});

/** A facts rebuild (nightly or requested): progress for the admin, like tier re-evaluations. */
export const crmRebuilds = pgTable(
  'crm_rebuilds',
  {
    id: serial('id').primaryKey(),
    /** 'nightly' | 'manual' | 'settings'. */
    trigger: text('trigger').notNull(),
    /** 'running' | 'done' | 'failed'. */
    status: text('status').notNull(),
    total: integer('total').notNull().default(0),
    processed: integer('processed').notNull().default(0),
    /** Lifecycle transitions the rebuild recorded. */
    transitions: integer('transitions').notNull().default(0),
    requestedBy: integer('requested_by').references(() => staff.id),
    error: text('error'),
    startedAt: createdAt(),
    finishedAt: ts('finished_at'),
  },
  (t) => [check('crm_rebuilds_status_check', sql`${t.status} in ('running','done','failed')`)],
);

export const tagGroups = pgTable(
  'tag_groups',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    sort: integer('sort').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('tag_groups_name_key').on(t.name)],
);

/** A tag: manual (staff), rule (a segment definition, evaluated by the segment engine) or channel (automatic). */
export const tags = pgTable(
  'tags',
  {
    id: serial('id').primaryKey(),
    groupId: integer('group_id')
      .notNull()
      .references(() => tagGroups.id),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    description: text('description').notNull().default(''),
    color: text('color'),
    /** The segment definition of a rule tag. */
    rule: jsonb('rule'),
    /** The channel of a channel tag (one tag per channel). */
    channelId: integer('channel_id'),
    /** 'active' | 'archived' (archived tags leave members but keep history). */
    status: text('status').notNull().default('active'),
    createdBy: integer('created_by').references(() => staff.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('tags_group_name_key').on(t.groupId, t.name),
    uniqueIndex('tags_channel_key').on(t.channelId),
    check('tags_kind_check', sql`${t.kind} in ('manual','rule','channel')`),
    check('tags_status_check', sql`${t.status} in ('active','archived')`),
  ],
);

/** Who carries which tag, and how they got it. */
export const memberTags = pgTable(
  'member_tags',
  {
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    tagId: integer('tag_id')
      .notNull()
      .references(() => tags.id),
    /** 'manual' | 'import' | 'rule' | 'channel'. */
    source: text('source').notNull(),
    staffId: integer('staff_id').references(() => staff.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.tagId] }), index('member_tags_tag_idx').on(t.tagId, t.memberId)],
);

/** A saved dynamic segment: its definition is evaluated whenever it is used. */
export const segments = pgTable(
  'segments',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    definition: jsonb('definition').notNull(),
    /** 'active' | 'archived'. */
    status: text('status').notNull().default('active'),
    lastCount: integer('last_count'),
    lastCountedAt: ts('last_counted_at'),
    createdBy: integer('created_by').references(() => staff.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [check('segments_status_check', sql`${t.status} in ('active','archived')`)],
);

/** A frozen copy of a segment's members at one moment (the definition kept as it was). */
export const segmentSnapshots = pgTable(
  'segment_snapshots',
  {
    id: serial('id').primaryKey(),
    segmentId: integer('segment_id').references(() => segments.id),
    name: text('name').notNull(),
    definition: jsonb('definition').notNull(),
    memberCount: integer('member_count').notNull(),
    createdBy: integer('created_by').references(() => staff.id),
    createdAt: createdAt(),
  },
  (t) => [index('segment_snapshots_segment_idx').on(t.segmentId, t.id)],
);

export const segmentSnapshotMembers = pgTable(
  'segment_snapshot_members',
  {
    snapshotId: integer('snapshot_id')
      .notNull()
      .references(() => segmentSnapshots.id, { onDelete: 'cascade' }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.snapshotId, t.memberId] })],
);

/** A segment's size per China-time day (recorded by the nightly rebuild): "members over time". */
export const segmentDailyCounts = pgTable(
  'segment_daily_counts',
  {
    segmentId: integer('segment_id')
      .notNull()
      .references(() => segments.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    members: integer('members').notNull(),
  },
  (t) => [primaryKey({ columns: [t.segmentId, t.day] })],
);

/** Staff notes on a member (member 360). */
export const memberNotes = pgTable(
  'member_notes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staff.id),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('member_notes_member_idx').on(t.memberId, t.id)],
);

/**
 * A member's marketing consent per channel, with its proof (the text shown, the source and the time).
 * No row: not granted. 'personalized' is the PIPL art. 24 switch (个性化营销).
 */
export const memberConsents = pgTable(
  'member_consents',
  {
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    granted: boolean('granted').notNull(),
    source: text('source').notNull(),
    proof: text('proof').notNull().default(''),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.channel] }),
    check('member_consents_channel_check', sql`${t.channel} in ('sms','wecom','subscribe','inapp','personalized')`),
  ],
);

/**
 * Behaviour events from the mini-program (POST /api/events, batched): product views now; page views, add
 * to cart and the rest with the dashboards (issue 16). The device id links events before login.
 */
/**
 * Behaviour events, PARTITIONED BY RANGE (occurred_at) by month (`behaviour_events_yYYYYmMM`, plus a default
 * partition) — migration 0027 is hand-edited for it; the partitions are made and dropped by
 * ensureBehaviourPartitions / purgeBehaviourPartitions (server/src/modules/behaviour/partitions.ts).
 */
export const behaviourEvents = pgTable(
  'behaviour_events',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    type: text('type').notNull(),
    occurredAt: ts('occurred_at').notNull(),
    deviceId: text('device_id'),
    memberId: integer('member_id'),
    productId: integer('product_id'),
    data: jsonb('data').notNull().default({}),
    receivedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.id, t.occurredAt] }),
    index('behaviour_events_member_idx').on(t.memberId, t.type, t.occurredAt),
    index('behaviour_events_device_idx').on(t.deviceId, t.occurredAt),
    index('behaviour_events_time_idx').on(t.occurredAt),
  ],
);
