import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns';
import { members, staff } from './identity';
import { orderLines, orders } from './orders';

// Product reviews: one per order line, written by the line's buyer after receipt, shown on the product
// page only once staff approved it.

/** A member's review of one order line: rating, text, photos, and its moderation. */
export const productReviews = pgTable(
  'product_reviews',
  {
    id: serial('id').primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    /** The line reviewed; unique, so a line is reviewed once however many submits race. */
    orderLineId: integer('order_line_id')
      .notNull()
      .references(() => orderLines.id),
    productId: integer('product_id').notNull(),
    skuId: integer('sku_id').notNull(),
    /** The SKU's specs as bought (shown beside the review: "规格：1L×12"). */
    specs: jsonb('specs').$type<Record<string, string>>().notNull(),
    rating: integer('rating').notNull(),
    content: text('content').notNull(),
    /** Photo URLs served by this server (at most 9). */
    images: jsonb('images').$type<string[]>().notNull().default([]),
    /** Shown as 匿名用户 on the product page. */
    isAnonymous: boolean('is_anonymous').notNull().default(false),
    /** pending → approved | rejected (staff moderation). */
    status: text('status').notNull().default('pending'),
    rejectReason: text('reject_reason'),
    moderatedBy: integer('moderated_by').references(() => staff.id),
    moderatedAt: timestamp('moderated_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('product_reviews_order_line_key').on(t.orderLineId),
    index('product_reviews_product_idx').on(t.productId, t.status, t.id),
    index('product_reviews_member_idx').on(t.memberId, t.id),
    index('product_reviews_status_idx').on(t.status, t.id),
    check('product_reviews_status_check', sql`${t.status} in ('pending','approved','rejected')`),
    check('product_reviews_rating_check', sql`${t.rating} between 1 and 5`),
  ],
);
