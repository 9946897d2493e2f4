import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
/** Money columns: integer fen in a bigint, read as a JS number (amounts stay far below 2^53). */
const fen = (name: string) => bigint(name, { mode: 'number' });

export const members = pgTable(
  'members',
  {
    id: serial('id').primaryKey(),
    openid: text('openid').notNull(),
    unionid: text('unionid'),
    nickname: text('nickname').notNull().default(''),
    avatarUrl: text('avatar_url'),
    tierCode: text('tier_code').notNull().default('bronze'),
    /** AES-256-GCM ciphertext of the phone number (iv.tag.data, base64url); the number is never stored in clear. */
    phoneCipher: text('phone_cipher'),
    /** HMAC-SHA256 of the phone number, for exact-match lookup. */
    phoneHash: text('phone_hash'),
    firstLaunch: jsonb('first_launch'),
    createdAt: createdAt(),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('members_openid_key').on(t.openid),
    index('members_phone_hash_idx').on(t.phoneHash),
    check('members_tier_code_check', sql`${t.tierCode} in ('bronze','silver','gold','platinum','diamond')`),
  ],
);

export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: serial('id').primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    /** SHA-256 of the token; the token itself is only ever in the client's hands. */
    tokenHash: text('token_hash').notNull(),
    /** All tokens descending from one login share a family; reuse of a rotated token revokes the family. */
    familyId: text('family_id').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    rotatedAt: timestamp('rotated_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('refresh_tokens_token_hash_key').on(t.tokenHash), index('refresh_tokens_family_idx').on(t.familyId)],
);

export const staff = pgTable(
  'staff',
  {
    id: serial('id').primaryKey(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role').notNull(),
    passwordHash: text('password_hash').notNull(),
    isDisabled: boolean('is_disabled').notNull().default(false),
    /** Bumped on disable, role change and password reset: older staff tokens stop working. */
    tokenVersion: integer('token_version').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('staff_username_key').on(t.username),
    check('staff_role_check', sql`${t.role} in ('owner','operator','service','analyst')`),
  ],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    staffId: integer('staff_id').references(() => staff.id),
    staffRole: text('staff_role'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: text('request_id').notNull(),
    ip: text('ip'),
    createdAt: createdAt(),
  },
  (t) => [index('audit_log_staff_idx').on(t.staffId, t.id), index('audit_log_target_idx').on(t.targetType, t.targetId)],
);

/** Fixed-window counters for throttling (login attempts, code exchanges); incremented atomically. */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true, mode: 'date' }).notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);

export const categories = pgTable(
  'categories',
  {
    id: serial('id').primaryKey(),
    parentId: integer('parent_id'),
    name: text('name').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({ name: 'categories_parent_id_fk', columns: [t.parentId], foreignColumns: [t.id] }),
    uniqueIndex('categories_sibling_name_key').on(sql`coalesce(${t.parentId}, 0)`, t.name),
    index('categories_parent_idx').on(t.parentId),
  ],
);

export const products = pgTable(
  'products',
  {
    id: serial('id').primaryKey(),
    categoryId: integer('category_id')
      .notNull()
      .references(() => categories.id),
    title: text('title').notNull(),
    subtitle: text('subtitle').notNull().default(''),
    images: jsonb('images').$type<string[]>().notNull().default([]),
    description: text('description').notNull().default(''),
    role: text('role').notNull(),
    status: text('status').notNull().default('draft'),
    sortOrder: integer('sort_order').notNull().default(0),
    salesCount: integer('sales_count').notNull().default(0),
    /** Lowest private price among live SKUs, kept by the catalog service for price sorting. */
    priceFromFen: fen('price_from_fen'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('products_listing_idx').on(t.status, t.categoryId),
    check('products_role_check', sql`${t.role} in ('traffic','hero','profit')`),
    check('products_status_check', sql`${t.status} in ('draft','on_sale','off_sale')`),
  ],
);

export const skus = pgTable(
  'skus',
  {
    id: serial('id').primaryKey(),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    specs: jsonb('specs').$type<Record<string, string>>().notNull(),
    publicPriceFen: fen('public_price_fen').notNull(),
    privatePriceFen: fen('private_price_fen').notNull(),
    costPriceFen: fen('cost_price_fen').notNull(),
    stock: integer('stock').notNull().default(0),
    purchaseLimit: integer('purchase_limit'),
    barcode: text('barcode'),
    /** SKUs are soft-deleted: orders keep pointing at them. */
    deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('skus_product_idx').on(t.productId),
    uniqueIndex('skus_barcode_key').on(t.barcode).where(sql`${t.barcode} is not null and ${t.deletedAt} is null`),
    check('skus_stock_check', sql`${t.stock} >= 0`),
    check(
      'skus_prices_check',
      sql`${t.publicPriceFen} >= 0 and ${t.privatePriceFen} >= 0 and ${t.costPriceFen} >= 0 and ${t.privatePriceFen} <= ${t.publicPriceFen}`,
    ),
  ],
);

export const skuTierPrices = pgTable(
  'sku_tier_prices',
  {
    skuId: integer('sku_id')
      .notNull()
      .references(() => skus.id, { onDelete: 'cascade' }),
    tierCode: text('tier_code').notNull(),
    priceFen: fen('price_fen').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.skuId, t.tierCode] }),
    check('sku_tier_prices_tier_check', sql`${t.tierCode} in ('bronze','silver','gold','platinum','diamond')`),
    check('sku_tier_prices_price_check', sql`${t.priceFen} >= 0`),
  ],
);

/** Append-only stock ledger: stock = initial + Σ delta, every change names its reason and actor. */
export const stockMovements = pgTable(
  'stock_movements',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    skuId: integer('sku_id')
      .notNull()
      .references(() => skus.id),
    delta: integer('delta').notNull(),
    stockAfter: integer('stock_after').notNull(),
    reason: text('reason').notNull(),
    staffId: integer('staff_id').references(() => staff.id),
    /** Unique key of the source (e.g. an order line) so that a replay cannot move stock twice. */
    sourceKey: text('source_key'),
    createdAt: createdAt(),
  },
  (t) => [index('stock_movements_sku_idx').on(t.skuId, t.id), uniqueIndex('stock_movements_source_key').on(t.sourceKey)],
);

/** Small key/value facts about this installation (e.g. that the demo seed has run). */
export const appMeta = pgTable('app_meta', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: updatedAt(),
});

/** A member's server-side cart: one row per SKU; quantities are re-checked against stock and limits on every change. */
export const cartItems = pgTable(
  'cart_items',
  {
    id: serial('id').primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    skuId: integer('sku_id')
      .notNull()
      .references(() => skus.id),
    quantity: integer('quantity').notNull(),
    isSelected: boolean('is_selected').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('cart_items_member_sku_key').on(t.memberId, t.skuId),
    check('cart_items_quantity_check', sql`${t.quantity} > 0 and ${t.quantity} <= 999`),
  ],
);

/** A member's shipping address. The recipient phone is encrypted like member phones. */
export const addresses = pgTable(
  'addresses',
  {
    id: serial('id').primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    recipientName: text('recipient_name').notNull(),
    phoneCipher: text('phone_cipher').notNull(),
    /** Region code path (province, city, district), e.g. ['310000','310100','310115']. */
    regionCodes: jsonb('region_codes').$type<string[]>().notNull(),
    regionText: text('region_text').notNull(),
    detail: text('detail').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('addresses_member_idx').on(t.memberId),
    uniqueIndex('addresses_one_default_key').on(t.memberId).where(sql`${t.isDefault} and ${t.deletedAt} is null`),
  ],
);

export const orders = pgTable(
  'orders',
  {
    id: serial('id').primaryKey(),
    /** Unique, ≤ 32 chars of [0-9A-Za-z]: valid as WeChat Pay out_trade_no. */
    orderNo: text('order_no').notNull(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    status: text('status').notNull(),
    goodsSubtotalFen: fen('goods_subtotal_fen').notNull(),
    discountFen: fen('discount_fen').notNull(),
    shippingFen: fen('shipping_fen').notNull(),
    payableFen: fen('payable_fen').notNull(),
    refundedFen: fen('refunded_fen').notNull().default(0),
    /** Recipient snapshot at order time (phone encrypted). */
    address: jsonb('address').notNull(),
    remark: text('remark').notNull().default(''),
    /** The quote's explanation lines, kept to show the member what they paid for. */
    explanation: jsonb('explanation').$type<string[]>().notNull().default([]),
    idempotencyKey: text('idempotency_key').notNull(),
    requestHash: text('request_hash').notNull(),
    paymentExpiresAt: timestamp('payment_expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    paidAt: timestamp('paid_at', { withTimezone: true, mode: 'date' }),
    shippedAt: timestamp('shipped_at', { withTimezone: true, mode: 'date' }),
    carrier: text('carrier'),
    trackingNo: text('tracking_no'),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true, mode: 'date' }),
    cancelReason: text('cancel_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('orders_order_no_key').on(t.orderNo),
    uniqueIndex('orders_idempotency_key').on(t.memberId, t.idempotencyKey),
    index('orders_member_idx').on(t.memberId, t.id),
    index('orders_open_payment_idx').on(t.paymentExpiresAt).where(sql`${t.status} = 'pending_payment'`),
    check(
      'orders_status_check',
      sql`${t.status} in ('pending_payment','paid','shipped','completed','cancelled','refunding','refunded','partially_refunded')`,
    ),
    check('orders_amounts_check', sql`${t.payableFen} >= 0 and ${t.refundedFen} >= 0 and ${t.refundedFen} <= ${t.payableFen}`),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    id: serial('id').primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    lineNo: integer('line_no').notNull(),
    skuId: integer('sku_id')
      .notNull()
      .references(() => skus.id),
    productId: integer('product_id').notNull(),
    title: text('title').notNull(),
    specs: jsonb('specs').$type<Record<string, string>>().notNull(),
    image: text('image'),
    quantity: integer('quantity').notNull(),
    unitPriceFen: fen('unit_price_fen').notNull(),
    publicPriceFen: fen('public_price_fen').notNull(),
    subtotalFen: fen('subtotal_fen').notNull(),
    discountFen: fen('discount_fen').notNull(),
    payableFen: fen('payable_fen').notNull(),
    refundedQuantity: integer('refunded_quantity').notNull().default(0),
    refundedFen: fen('refunded_fen').notNull().default(0),
  },
  (t) => [
    uniqueIndex('order_lines_order_line_key').on(t.orderId, t.lineNo),
    check('order_lines_quantity_check', sql`${t.quantity} > 0 and ${t.refundedQuantity} >= 0 and ${t.refundedQuantity} <= ${t.quantity}`),
    check('order_lines_refund_check', sql`${t.refundedFen} >= 0 and ${t.refundedFen} <= ${t.payableFen}`),
  ],
);

/** Each adjustment applied to an order (discounts; filled by promotions, points), with its per-line shares. */
export const orderAdjustments = pgTable('order_adjustments', {
  id: serial('id').primaryKey(),
  orderId: integer('order_id')
    .notNull()
    .references(() => orders.id),
  kind: text('kind').notNull(),
  sourceId: text('source_id').notNull(),
  label: text('label').notNull(),
  amountFen: fen('amount_fen').notNull(),
  lineShares: jsonb('line_shares').$type<{ lineNo: number; amountFen: number }[]>().notNull(),
});

/** Append-only timeline of an order: every transition, by whom, once per source. */
export const orderEvents = pgTable(
  'order_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    type: text('type').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    data: jsonb('data'),
    createdAt: createdAt(),
  },
  (t) => [index('order_events_order_idx').on(t.orderId, t.id)],
);

/** Units of a SKU a member holds in live orders: the per-member purchase limit is enforced on this row. */
export const memberSkuPurchases = pgTable(
  'member_sku_purchases',
  {
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    skuId: integer('sku_id')
      .notNull()
      .references(() => skus.id),
    quantity: integer('quantity').notNull(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.skuId] }), check('member_sku_purchases_quantity_check', sql`${t.quantity} >= 0`)],
);

/** WeChat Pay transactions of an order (one per prepay attempt; at most one succeeds). */
export const payments = pgTable(
  'payments',
  {
    id: serial('id').primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    outTradeNo: text('out_trade_no').notNull(),
    prepayId: text('prepay_id'),
    status: text('status').notNull(),
    amountFen: fen('amount_fen').notNull(),
    transactionId: text('transaction_id'),
    payerOpenid: text('payer_openid'),
    successAt: timestamp('success_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('payments_out_trade_no_key').on(t.outTradeNo),
    uniqueIndex('payments_transaction_id_key').on(t.transactionId),
    index('payments_order_idx').on(t.orderId),
    check('payments_status_check', sql`${t.status} in ('prepaid','succeeded','closed')`),
  ],
);

/**
 * A refund request on some lines and quantities of a paid order: requested by the member, approved or
 * rejected by staff, then paid back through WeChat Pay (out_refund_no refunds once).
 */
export const refunds = pgTable(
  'refunds',
  {
    id: serial('id').primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    outRefundNo: text('out_refund_no').notNull(),
    status: text('status').notNull(),
    /** [{ lineNo, quantity, amountFen }] — the amounts add up to amountFen (shipping included when refunded). */
    lines: jsonb('lines').$type<{ lineNo: number; quantity: number; amountFen: number }[]>().notNull(),
    shippingFen: fen('shipping_fen').notNull().default(0),
    amountFen: fen('amount_fen').notNull(),
    reason: text('reason').notNull(),
    /** The order's status when the request was made; it returns there on rejection. */
    orderStatusBefore: text('order_status_before').notNull(),
    restock: boolean('restock'),
    reviewedBy: integer('reviewed_by').references(() => staff.id),
    reviewNote: text('review_note'),
    wechatRefundId: text('wechat_refund_id'),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('refunds_out_refund_no_key').on(t.outRefundNo),
    index('refunds_order_idx').on(t.orderId),
    index('refunds_status_idx').on(t.status, t.id),
    check('refunds_status_check', sql`${t.status} in ('requested','rejected','processing','succeeded','failed')`),
    check('refunds_amount_check', sql`${t.amountFen} > 0`),
  ],
);
