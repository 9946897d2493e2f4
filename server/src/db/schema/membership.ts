import { sql } from 'drizzle-orm';
import { bigserial, check, date, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, fen, updatedAt } from './columns';
import { skus } from './catalog';
import { members, staff } from './identity';
import { orders } from './orders';
import { couponTemplates } from './promotions';

// Membership: tiers and their perks, the growth-value ledger, tier history, the points ledger by lot,
// daily check-ins and the points mall. Ledgers are append-only and every entry names its source under a
// unique key, so a replayed event (a payment notification, a job run twice) cannot credit twice.

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The five tiers (codes fixed in shared TIER_CODES) with their growth thresholds and perks. */
export const tiers = pgTable(
  'tiers',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    /** Growth value needed to hold the tier; strictly increasing from bronze (0) to diamond. */
    growthThreshold: integer('growth_threshold').notNull(),
    /** Member discount in basis points off (0: none), the `member_discount` rule of the stacking model. */
    discountBp: integer('discount_bp').notNull().default(0),
    /** Points multiplier in basis points (10000 = ×1, 15000 = ×1.5). */
    pointsMultiplierBp: integer('points_multiplier_bp').notNull().default(10000),
    /** Free shipping from this amount of goods (null: the store's rule). */
    freeShippingThresholdFen: fen('free_shipping_threshold_fen'),
    birthdayCouponTemplateId: integer('birthday_coupon_template_id').references(() => couponTemplates.id),
    birthdayPoints: integer('birthday_points').notNull().default(0),
    /** Coupon templates granted on the 1st of every month. */
    monthlyCouponTemplateIds: jsonb('monthly_coupon_template_ids').$type<number[]>().notNull().default([]),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('tiers_code_check', sql`${t.code} in ('bronze','silver','gold','platinum','diamond')`),
    check(
      'tiers_ranges_check',
      sql`${t.growthThreshold} >= 0 and ${t.discountBp} between 0 and 5000 and ${t.pointsMultiplierBp} between 10000 and 50000 and ${t.birthdayPoints} >= 0`,
    ),
  ],
);

/** Membership and points settings: one row (id = 1), defaults until an owner saves them. */
export const membershipSettings = pgTable('membership_settings', {
  id: integer('id').primaryKey(),
  settings: jsonb('settings').notNull(),
  updatedAt: updatedAt(),
});

/** Growth value (成长值): not spendable; decides the tier. Append-only. */
export const growthEntries = pgTable(
  'growth_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    delta: integer('delta').notNull(),
    /** 'order' | 'refund' | 'action' | 'manual'. */
    source: text('source').notNull(),
    sourceKey: text('source_key').notNull(),
    orderId: integer('order_id').references(() => orders.id),
    reason: text('reason').notNull(),
    staffId: integer('staff_id').references(() => staff.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('growth_entries_source_key').on(t.sourceKey), index('growth_entries_member_idx').on(t.memberId, t.createdAt)],
);

/** Every tier change of a member, with why. */
export const memberTierHistory = pgTable(
  'member_tier_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    fromTier: text('from_tier').notNull(),
    toTier: text('to_tier').notNull(),
    /** 'upgrade' | 'downgrade' | 'manual' | 'seed'. */
    reason: text('reason').notNull(),
    growthValue: integer('growth_value').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('member_tier_history_member_idx').on(t.memberId, t.id)],
);

/**
 * A member's membership state: the tier's start, a pending downgrade (warned first, applied after the
 * grace period), the points account whose row every spend locks (so parallel spends cannot overdraw).
 */
export const memberAccounts = pgTable(
  'member_accounts',
  {
    memberId: integer('member_id')
      .primaryKey()
      .references(() => members.id),
    tierSince: ts('tier_since').notNull(),
    /** The tier a retention check would move the member down to, and from when. */
    downgradeTo: text('downgrade_to'),
    downgradeAt: ts('downgrade_at'),
    downgradeWarnedAt: ts('downgrade_warned_at'),
    /** Σ points entries: earned (pending included) − spent − expired − reversed. */
    pointsBalance: integer('points_balance').notNull().default(0),
    /** 'MM-DD' for the birthday gift (year not kept). */
    birthday: text('birthday'),
    checkinStreak: integer('checkin_streak').notNull().default(0),
    lastCheckinDay: date('last_checkin_day', { mode: 'string' }),
    updatedAt: updatedAt(),
  },
  (t) => [check('member_accounts_birthday_check', sql`${t.birthday} is null or ${t.birthday} ~ '^[01][0-9]-[0-3][0-9]$'`)],
);

/** Notices recorded for journeys to send later (downgrade warnings, points expiring…), once per key. */
export const memberNotices = pgTable(
  'member_notices',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    kind: text('kind').notNull(),
    data: jsonb('data').notNull(),
    sourceKey: text('source_key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('member_notices_source_key').on(t.sourceKey), index('member_notices_member_idx').on(t.memberId, t.id)],
);

/** A lot of earned points: usable from `available_at`, gone at `expires_at`; spent oldest first. */
export const pointsLots = pgTable(
  'points_lots',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    amount: integer('amount').notNull(),
    remaining: integer('remaining').notNull(),
    /** 'order' | 'signup' | 'checkin' | 'birthday' | 'first_purchase' | 'referral' | 'refund_return' | 'manual' | 'cancel_return'. */
    source: text('source').notNull(),
    sourceKey: text('source_key').notNull(),
    orderId: integer('order_id').references(() => orders.id),
    availableAt: ts('available_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('points_lots_source_key').on(t.sourceKey),
    index('points_lots_spendable_idx')
      .on(t.memberId, t.expiresAt)
      .where(sql`${t.remaining} > 0`),
    check('points_lots_amount_check', sql`${t.amount} > 0 and ${t.remaining} >= 0 and ${t.remaining} <= ${t.amount}`),
  ],
);

/**
 * The points ledger: balance = Σ delta. Earn entries create a lot; spend, expire and reverse entries
 * take from one lot each (a spend over several lots is several entries sharing an operation key).
 */
export const pointsEntries = pgTable(
  'points_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    delta: integer('delta').notNull(),
    /** 'earn' | 'spend' | 'expire' | 'reverse' | 'release' | 'adjust' | 'deduction'. */
    kind: text('kind').notNull(),
    /** Unique per entry, e.g. 'order:12:earn', 'order:12:spend:lot:7', 'expire:lot:7'. */
    sourceKey: text('source_key').notNull(),
    /** Groups the entries of one operation (one spend over several lots). */
    operationKey: text('operation_key').notNull(),
    lotId: integer('lot_id'),
    orderId: integer('order_id').references(() => orders.id),
    reason: text('reason').notNull(),
    staffId: integer('staff_id').references(() => staff.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('points_entries_source_key').on(t.sourceKey),
    index('points_entries_member_idx').on(t.memberId, t.id),
    index('points_entries_operation_idx').on(t.operationKey),
  ],
);

/** Daily check-ins (签到): one per member per China day. */
export const memberCheckins = pgTable(
  'member_checkins',
  {
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    day: date('day', { mode: 'string' }).notNull(),
    streak: integer('streak').notNull(),
    points: integer('points').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.day] })],
);

/** Points mall (积分商城) items: a coupon, goods (shipped as a zero-priced order line) or points + cash. */
export const pointsMallItems = pgTable(
  'points_mall_items',
  {
    id: serial('id').primaryKey(),
    title: text('title').notNull(),
    /** 'coupon' | 'goods'. */
    kind: text('kind').notNull(),
    couponTemplateId: integer('coupon_template_id').references(() => couponTemplates.id),
    skuId: integer('sku_id').references(() => skus.id),
    pointsPrice: integer('points_price').notNull(),
    /** Cash on top of points (points + cash items), integer fen; 0 for points only. */
    cashFen: fen('cash_fen').notNull().default(0),
    stock: integer('stock').notNull(),
    redeemedCount: integer('redeemed_count').notNull().default(0),
    perMemberLimit: integer('per_member_limit').notNull().default(1),
    /** 'on_sale' | 'off_sale'. */
    status: text('status').notNull().default('on_sale'),
    minTier: text('min_tier'),
    image: text('image'),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check(
      'points_mall_items_kind_check',
      sql`(${t.kind} = 'coupon' and ${t.couponTemplateId} is not null) or (${t.kind} = 'goods' and ${t.skuId} is not null)`,
    ),
    check(
      'points_mall_items_stock_check',
      sql`${t.stock} >= 0 and ${t.redeemedCount} >= 0 and ${t.pointsPrice} > 0 and ${t.cashFen} >= 0 and ${t.perMemberLimit} >= 1`,
    ),
    check('points_mall_items_status_check', sql`${t.status} in ('on_sale','off_sale')`),
  ],
);

export const pointsMallMemberRedemptions = pgTable(
  'points_mall_member_redemptions',
  {
    itemId: integer('item_id')
      .notNull()
      .references(() => pointsMallItems.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.memberId] }), check('points_mall_member_redemptions_check', sql`${t.count} >= 0`)],
);

export const pointsMallRedemptions = pgTable(
  'points_mall_redemptions',
  {
    id: serial('id').primaryKey(),
    itemId: integer('item_id')
      .notNull()
      .references(() => pointsMallItems.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    points: integer('points').notNull(),
    cashFen: fen('cash_fen').notNull().default(0),
    /** The coupon granted (coupon items) or the order shipping the goods (goods items). */
    memberCouponId: integer('member_coupon_id'),
    orderId: integer('order_id').references(() => orders.id),
    /** 'completed' | 'pending_payment' (points + cash until paid) | 'cancelled'. */
    status: text('status').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('points_mall_redemptions_key').on(t.memberId, t.idempotencyKey), index('points_mall_redemptions_item_idx').on(t.itemId)],
);

/** Background re-evaluation of every member after a tier threshold change, with its progress. */
export const tierReevaluations = pgTable('tier_reevaluations', {
  id: serial('id').primaryKey(),
  /** 'queued' | 'running' | 'done' | 'failed'. */
  status: text('status').notNull(),
  total: integer('total').notNull().default(0),
  processed: integer('processed').notNull().default(0),
  changed: integer('changed').notNull().default(0),
  lastMemberId: integer('last_member_id').notNull().default(0),
  requestedBy: integer('requested_by').references(() => staff.id),
  error: text('error'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
