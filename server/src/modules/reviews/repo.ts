/** Reading and writing product reviews; every write runs in the caller's transaction. */
import { and, desc, eq, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { ReviewStatus } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { media, members, orderLines, orders, productReviews } from '../../db/schema';
import type { ReviewRow } from './views';

/** Orders whose goods the member has received: completed (confirmed or auto-completed), perhaps partly refunded since. */
export const RECEIVED_STATUSES = ['completed', 'partially_refunded'] as const;

/** An order line with its order, for the author check. */
export async function findLineWithOrder(db: Executor, orderLineId: number) {
  const [row] = await db
    .select({ line: orderLines, order: { id: orders.id, memberId: orders.memberId, status: orders.status, completedAt: orders.completedAt } })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(eq(orderLines.id, orderLineId));
  return row ?? null;
}

/** Inserts the review unless the line has one (false: a review of the line exists). */
export async function insertReview(db: Executor, values: typeof productReviews.$inferInsert): Promise<ReviewRow | null> {
  const [row] = await db.insert(productReviews).values(values).onConflictDoNothing({ target: productReviews.orderLineId }).returning();
  return row ?? null;
}

/** How many of `urls` (original or variant URLs of the library) name an image that exists. */
export async function countLibraryImages(db: Executor, hashes: string[]): Promise<number> {
  if (hashes.length === 0) return 0;
  const rows = await db.select({ hash: media.hash }).from(media).where(inArray(media.hash, hashes));
  return rows.length;
}

/** Lines of the member's received orders without a review (and not wholly refunded), newest first. */
export async function reviewableLines(db: Executor, memberId: number, limit: number) {
  return db
    .select({ line: orderLines, orderNo: orders.orderNo, completedAt: orders.completedAt })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .leftJoin(productReviews, eq(productReviews.orderLineId, orderLines.id))
    .where(
      and(
        eq(orders.memberId, memberId),
        inArray(orders.status, [...RECEIVED_STATUSES]),
        sql`${orders.completedAt} is not null`,
        sql`${orderLines.refundedQuantity} < ${orderLines.quantity}`,
        isNull(productReviews.id),
      ),
    )
    .orderBy(desc(orders.completedAt), desc(orderLines.id))
    .limit(limit);
}

/** Reviews with their line's title and image, newest first, keyset-paged by id. */
export async function pageReviews(db: Executor, where: SQL[], beforeId: number | undefined, limit: number) {
  const conditions = beforeId === undefined ? where : [...where, lt(productReviews.id, beforeId)];
  return db
    .select({ review: productReviews, title: orderLines.title, image: orderLines.image, nickname: members.nickname })
    .from(productReviews)
    .innerJoin(orderLines, eq(orderLines.id, productReviews.orderLineId))
    .innerJoin(members, eq(members.id, productReviews.memberId))
    .where(and(...conditions))
    .orderBy(desc(productReviews.id))
    .limit(limit);
}

/** Approved reviews of a product: how many, Σ rating, how many 4–5 stars, how many with photos. */
export async function approvedStats(db: Executor, productId: number) {
  const [row] = await db
    .select({
      count: sql<number>`count(*)::int`,
      ratingSum: sql<number>`coalesce(sum(${productReviews.rating}), 0)::int`,
      good: sql<number>`(count(*) filter (where ${productReviews.rating} >= 4))::int`,
      withImages: sql<number>`(count(*) filter (where jsonb_array_length(${productReviews.images}) > 0))::int`,
    })
    .from(productReviews)
    .where(and(eq(productReviews.productId, productId), eq(productReviews.status, 'approved')));
  return { count: Number(row?.count ?? 0), ratingSum: Number(row?.ratingSum ?? 0), good: Number(row?.good ?? 0), withImages: Number(row?.withImages ?? 0) };
}

/** Moves a pending review to `status` (conditional: a review moderated twice at once changes once). */
export async function moderate(
  db: Executor,
  id: number,
  change: { status: Exclude<ReviewStatus, 'pending'>; rejectReason: string | null; staffId: number; now: Date },
): Promise<ReviewRow | null> {
  const [row] = await db
    .update(productReviews)
    .set({ status: change.status, rejectReason: change.rejectReason, moderatedBy: change.staffId, moderatedAt: change.now, updatedAt: change.now })
    .where(and(eq(productReviews.id, id), eq(productReviews.status, 'pending')))
    .returning();
  return row ?? null;
}

export async function findReview(db: Executor, id: number): Promise<ReviewRow | null> {
  const [row] = await db.select().from(productReviews).where(eq(productReviews.id, id));
  return row ?? null;
}
