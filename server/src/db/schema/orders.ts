import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt, fen } from './columns';
import { skus } from './catalog';
import { members, staff } from './identity';

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
    uniqueIndex('addresses_one_default_key')
      .on(t.memberId)
      .where(sql`${t.isDefault} and ${t.deletedAt} is null`),
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
    /** The live session whose promo code the order used (attribution for the session report). */
    liveSessionId: integer('live_session_id'),
    /** The promo code as the member entered it (upper-case). */
    promoCode: text('promo_code'),
    /** Points spent on the order (their value is the 'points' adjustment). */
    pointsUsed: integer('points_used').notNull().default(0),
    /** Attribution, fixed at creation (issue 13): the member's first-touch channel, the last touch within the window. */
    firstChannelId: integer('first_channel_id'),
    lastChannelId: integer('last_channel_id'),
    lastCodeId: integer('last_code_id'),
    lastTouchId: bigint('last_touch_id', { mode: 'number' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('orders_order_no_key').on(t.orderNo),
    uniqueIndex('orders_idempotency_key').on(t.memberId, t.idempotencyKey),
    index('orders_member_idx').on(t.memberId, t.id),
    index('orders_live_session_idx')
      .on(t.liveSessionId)
      .where(sql`${t.liveSessionId} is not null`),
    index('orders_created_idx').on(t.createdAt),
    index('orders_open_payment_idx')
      .on(t.paymentExpiresAt)
      .where(sql`${t.status} = 'pending_payment'`),
    check('orders_status_check', sql`${t.status} in ('pending_payment','paid','shipped','completed','cancelled','refunding','refunded','partially_refunded')`),
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

/** WeChat Pay transactions of an order (one per prepay attempt; at most one succeeds; refunded: paid after the order closed, and given back). */
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
    check('payments_status_check', sql`${t.status} in ('prepaid','succeeded','closed','refunded')`),
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
    /** refund_only (仅退款) or return_refund (退货退款: the goods come back before the money goes). */
    kind: text('kind').notNull().default('refund_only'),
    /** Up to 3 image references the member attached to the request. */
    photos: jsonb('photos').$type<string[]>().notNull().default([]),
    /** 退货退款: the store's return address at approval, the member's return shipment, and staff's receipt. */
    returnAddress: jsonb('return_address').$type<{ recipientName: string; phone: string; regionText: string; detail: string }>(),
    returnCarrier: text('return_carrier'),
    returnTrackingNo: text('return_tracking_no'),
    returnShippedAt: timestamp('return_shipped_at', { withTimezone: true, mode: 'date' }),
    returnReceivedAt: timestamp('return_received_at', { withTimezone: true, mode: 'date' }),
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
    // abnormal: WeChat Pay took the money but could not pay it out (e.g. a closed bank card); not final.
    // awaiting_return: a 退货退款 approved, waiting for the member's return shipment; returning: shipped back, waiting for staff's receipt.
    check('refunds_status_check', sql`${t.status} in ('requested','rejected','awaiting_return','returning','processing','abnormal','succeeded','failed')`),
    check('refunds_kind_check', sql`${t.kind} in ('refund_only','return_refund')`),
    check('refunds_amount_check', sql`${t.amountFen} > 0`),
  ],
);
