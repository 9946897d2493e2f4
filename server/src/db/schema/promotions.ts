import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, fen, updatedAt } from './columns';
import { products, skus } from './catalog';
import { members, staff } from './identity';
import { orders } from './orders';

// Promotions: coupon templates and member coupons, redemption codes, store-wide promotions (满减活动),
// live sessions with promo codes, flash sales. Every limit is a counter column moved by a conditional
// UPDATE (or a conditional upsert of a per-member counter row) inside the order's transaction, so no
// race can pass a cap. Rules are JSON validated by the shared rule schemas (shared/src/pricing/rules).

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Maker-checker columns every promotion carries: a promotion deeper than the configured depth or
 * below cost waits for an owner other than its creator ('pending'); 'not_required' and 'approved'
 * may go live.
 */
const approvalColumns = () => ({
  approvalStatus: text('approval_status').notNull().default('not_required'),
  /** Why approval is needed: { depthBp, belowCost: [{ skuId, priceAfterFen, costPriceFen }] }. */
  approvalReason: jsonb('approval_reason'),
  createdBy: integer('created_by').references(() => staff.id),
  approvedBy: integer('approved_by').references(() => staff.id),
  approvedAt: ts('approved_at'),
});
const approvalCheck = (table: string, column: unknown) => check(`${table}_approval_check`, sql`${column} in ('not_required','pending','approved','rejected')`);

/** Store settings for promotions: one row (id = 1). */
export const promotionSettings = pgTable('promotion_settings', {
  id: integer('id').primaryKey(),
  /** { pairs: { "coupon|flash_sale": false, … } } — see shared STACKING_GROUPS. */
  stackingMatrix: jsonb('stacking_matrix').notNull(),
  /** Promotions deeper than this (basis points off) need an owner's approval. Default 5000 = 50 %. */
  maxDepthBp: integer('max_depth_bp').notNull().default(5000),
  updatedAt: updatedAt(),
});

export const couponTemplates = pgTable(
  'coupon_templates',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** A shared promotion rule: { kind, …args }. */
    rule: jsonb('rule').notNull(),
    /** { kind: 'all' } | { kind: 'products', productIds } | { kind: 'categories', categoryIds }. */
    scope: jsonb('scope').notNull(),
    /** 'coupon' or 'shipping_coupon' (free-shipping coupons). */
    stackingGroup: text('stacking_group').notNull(),
    /** 'window': valid_from…valid_to; 'after_claim': valid_days from claiming. */
    validityKind: text('validity_kind').notNull(),
    validFrom: ts('valid_from'),
    validTo: ts('valid_to'),
    validDays: integer('valid_days'),
    claimStartsAt: ts('claim_starts_at'),
    claimEndsAt: ts('claim_ends_at'),
    /** 'public': in the coupon center; 'hidden': only issued by staff or granted by codes. */
    visibility: text('visibility').notNull(),
    /** Total coupons that may exist (null: no count cap). */
    totalCount: integer('total_count'),
    /** Total face value that may be handed out, in fen (null: no budget). */
    budgetFen: fen('budget_fen'),
    /** The most one coupon can take off (fixed amount, or a percentage's cap): what the budget commits per coupon. */
    faceValueFen: fen('face_value_fen').notNull(),
    perMemberCap: integer('per_member_cap').notNull().default(1),
    issuedCount: integer('issued_count').notNull().default(0),
    committedFen: fen('committed_fen').notNull().default(0),
    usedCount: integer('used_count').notNull().default(0),
    /** 'active' | 'stopped'. Issuing also needs approval_status not_required/approved. */
    status: text('status').notNull().default('active'),
    ...approvalColumns(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('coupon_templates_counts_check', sql`${t.issuedCount} >= 0 and (${t.totalCount} is null or ${t.issuedCount} <= ${t.totalCount})`),
    check('coupon_templates_budget_check', sql`${t.committedFen} >= 0 and (${t.budgetFen} is null or ${t.committedFen} <= ${t.budgetFen})`),
    check('coupon_templates_used_check', sql`${t.usedCount} >= 0 and ${t.usedCount} <= ${t.issuedCount}`),
    check('coupon_templates_validity_check', sql`${t.validityKind} in ('window','after_claim')`),
    check('coupon_templates_visibility_check', sql`${t.visibility} in ('public','hidden')`),
    check('coupon_templates_status_check', sql`${t.status} in ('active','stopped')`),
    check('coupon_templates_group_check', sql`${t.stackingGroup} in ('coupon','shipping_coupon')`),
    approvalCheck('coupon_templates', t.approvalStatus),
  ],
);

/** How many coupons of a template a member holds (claimed, issued or redeemed): the per-member cap row. */
export const couponMemberCounts = pgTable(
  'coupon_member_counts',
  {
    templateId: integer('template_id')
      .notNull()
      .references(() => couponTemplates.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.templateId, t.memberId] }), check('coupon_member_counts_check', sql`${t.count} >= 0`)],
);

/** A coupon a member holds. `expired` is derived (expires_at ≤ now) for available coupons. */
export const memberCoupons = pgTable(
  'member_coupons',
  {
    id: serial('id').primaryKey(),
    templateId: integer('template_id')
      .notNull()
      .references(() => couponTemplates.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    /** 'claim' | 'issue' | 'code' | 'perk' | 'journey'. */
    source: text('source').notNull(),
    /** Unique per grant, e.g. 'claim:<template>:<member>:<n>', 'issue:<batch>:<member>', 'code:<codeId>'. */
    sourceKey: text('source_key').notNull(),
    /** 'available' | 'locked' (held by an unpaid order) | 'used'. */
    status: text('status').notNull().default('available'),
    validFrom: ts('valid_from').notNull(),
    expiresAt: ts('expires_at').notNull(),
    lockedOrderId: integer('locked_order_id').references(() => orders.id),
    usedOrderId: integer('used_order_id').references(() => orders.id),
    usedAt: ts('used_at'),
    /** What it took off the order it was used on. */
    discountFen: fen('discount_fen'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('member_coupons_source_key').on(t.sourceKey),
    index('member_coupons_member_idx').on(t.memberId, t.status, t.expiresAt),
    index('member_coupons_template_idx').on(t.templateId),
    check('member_coupons_status_check', sql`${t.status} in ('available','locked','used')`),
  ],
);

/** One-time redemption codes that grant a coupon. Long random codes: they cannot be enumerated. */
export const couponCodes = pgTable(
  'coupon_codes',
  {
    id: serial('id').primaryKey(),
    templateId: integer('template_id')
      .notNull()
      .references(() => couponTemplates.id),
    /** Upper-case, 16 characters of an unambiguous alphabet. */
    code: text('code').notNull(),
    batch: text('batch').notNull(),
    redeemedBy: integer('redeemed_by').references(() => members.id),
    redeemedAt: ts('redeemed_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('coupon_codes_code_key').on(t.code), index('coupon_codes_template_idx').on(t.templateId)],
);

/** Store-wide automatic promotions (满减活动, 全场折扣), applied without claiming. */
export const storePromotions = pgTable(
  'store_promotions',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    rule: jsonb('rule').notNull(),
    scope: jsonb('scope').notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    /** 'active' | 'stopped'. */
    status: text('status').notNull().default('active'),
    ...approvalColumns(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('store_promotions_window_check', sql`${t.startsAt} < ${t.endsAt}`),
    check('store_promotions_status_check', sql`${t.status} in ('active','stopped')`),
    approvalCheck('store_promotions', t.approvalStatus),
  ],
);

/** A live stream (mini-program live or Channels) with its window; codes work only inside it. */
export const liveSessions = pgTable(
  'live_sessions',
  {
    id: serial('id').primaryKey(),
    title: text('title').notNull(),
    /** 'miniprogram_live' | 'channels'. */
    platform: text('platform').notNull(),
    /** The live room id (mini-program live) or the Channels feed id. */
    roomId: text('room_id').notNull(),
    hostName: text('host_name').notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    /** Set when staff end the stream early: codes stop at once. */
    endedAt: ts('ended_at'),
    /** Short code for the mini-program QR `scene` (≤ 32 chars), e.g. 'live=12'. */
    sceneCode: text('scene_code').notNull(),
    createdBy: integer('created_by').references(() => staff.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('live_sessions_scene_key').on(t.sceneCode),
    check('live_sessions_window_check', sql`${t.startsAt} < ${t.endsAt}`),
    check('live_sessions_platform_check', sql`${t.platform} in ('miniprogram_live','channels')`),
  ],
);

export const liveSessionProducts = pgTable(
  'live_session_products',
  {
    sessionId: integer('session_id')
      .notNull()
      .references(() => liveSessions.id),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.productId] })],
);

/** A text promo code (e.g. LIVE88) bound to a live session, with caps and a rule. */
export const promoCodes = pgTable(
  'promo_codes',
  {
    id: serial('id').primaryKey(),
    sessionId: integer('session_id')
      .notNull()
      .references(() => liveSessions.id),
    /** Stored upper-case; members may type any case. */
    code: text('code').notNull(),
    rule: jsonb('rule').notNull(),
    scope: jsonb('scope').notNull(),
    graceMinutes: integer('grace_minutes').notNull().default(0),
    perMemberCap: integer('per_member_cap').notNull().default(1),
    totalCap: integer('total_cap'),
    usedCount: integer('used_count').notNull().default(0),
    /** 'active' | 'stopped'. */
    status: text('status').notNull().default('active'),
    ...approvalColumns(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('promo_codes_code_key').on(t.code),
    index('promo_codes_session_idx').on(t.sessionId),
    check('promo_codes_used_check', sql`${t.usedCount} >= 0 and (${t.totalCap} is null or ${t.usedCount} <= ${t.totalCap})`),
    check('promo_codes_status_check', sql`${t.status} in ('active','stopped')`),
    approvalCheck('promo_codes', t.approvalStatus),
  ],
);

/** Uses of a promo code per member (orders holding it): the per-member cap row. */
export const promoCodeMemberUses = pgTable(
  'promo_code_member_uses',
  {
    codeId: integer('code_id')
      .notNull()
      .references(() => promoCodes.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.codeId, t.memberId] }), check('promo_code_member_uses_check', sql`${t.count} >= 0`)],
);

/** 秒杀: a few units of one SKU at a flash price in a short window. */
export const flashSales = pgTable(
  'flash_sales',
  {
    id: serial('id').primaryKey(),
    title: text('title').notNull(),
    skuId: integer('sku_id')
      .notNull()
      .references(() => skus.id),
    flashPriceFen: fen('flash_price_fen').notNull(),
    totalUnits: integer('total_units').notNull(),
    /** Units held by live orders (decremented atomically; returned when an unpaid order closes). */
    soldUnits: integer('sold_units').notNull().default(0),
    perMemberLimit: integer('per_member_limit').notNull().default(1),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    stoppedAt: ts('stopped_at'),
    ...approvalColumns(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('flash_sales_window_idx').on(t.startsAt, t.endsAt),
    index('flash_sales_sku_idx').on(t.skuId),
    check('flash_sales_units_check', sql`${t.soldUnits} >= 0 and ${t.soldUnits} <= ${t.totalUnits}`),
    check('flash_sales_window_check', sql`${t.startsAt} < ${t.endsAt}`),
    check('flash_sales_limit_check', sql`${t.perMemberLimit} >= 1`),
    approvalCheck('flash_sales', t.approvalStatus),
  ],
);

export const flashSaleMemberPurchases = pgTable(
  'flash_sale_member_purchases',
  {
    flashSaleId: integer('flash_sale_id')
      .notNull()
      .references(() => flashSales.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    quantity: integer('quantity').notNull(),
  },
  (t) => [primaryKey({ columns: [t.flashSaleId, t.memberId] }), check('flash_sale_member_purchases_check', sql`${t.quantity} >= 0`)],
);

/**
 * What an order took from promotions (a coupon, a promo-code use, flash-sale units), so that closing
 * the order gives exactly that back, once (status reserved → released under a conditional update).
 */
export const orderPromotionClaims = pgTable(
  'order_promotion_claims',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    /** 'coupon' | 'promo_code' | 'flash_sale' | 'store_promotion'. */
    kind: text('kind').notNull(),
    refId: integer('ref_id').notNull(),
    quantity: integer('quantity').notNull().default(1),
    discountFen: fen('discount_fen').notNull(),
    /** 'reserved' | 'released' | 'returned' (a coupon given back after a full refund). */
    status: text('status').notNull().default('reserved'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('order_promotion_claims_key').on(t.orderId, t.kind, t.refId),
    index('order_promotion_claims_ref_idx').on(t.kind, t.refId),
    check('order_promotion_claims_status_check', sql`${t.status} in ('reserved','released','returned')`),
  ],
);
