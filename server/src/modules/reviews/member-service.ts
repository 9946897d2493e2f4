/** The member's side of reviews: what to review, submitting, their own reviews (every status). */
import { eq } from 'drizzle-orm';
import { reviewSpecsText, type MyReviewView, type ReviewableLineView, type ReviewBody, type reviewsQuerySchema } from '@siyu/shared';
import type { z } from 'zod';
import { inTransaction, type ServiceContext } from '../../context';
import { productReviews } from '../../db/schema';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { AppError } from '../../lib/errors';
import { countLibraryImages, findLineWithOrder, insertReview, pageReviews, RECEIVED_STATUSES, reviewableLines } from './repo';
import { toMyReviewView } from './views';

const LIBRARY_IMAGE = /^\/media\/([0-9a-f]{32})/;

/** Every photo must be an image of this shop's media library (uploaded through /api/me/review-images). */
async function checkImages(sc: ServiceContext, images: readonly string[]): Promise<void> {
  const hashes = [...new Set(images.map((url) => LIBRARY_IMAGE.exec(url)?.[1] ?? ''))];
  if ((await countLibraryImages(sc.db, hashes)) !== hashes.length) throw new AppError('REVIEW_IMAGE_NOT_FOUND');
}

/**
 * POST /api/me/reviews: the member's review of one line of an order they received. Another member's
 * line answers 404 like a missing one; an order not received yet 409 REVIEW_NOT_RECEIVED; a line
 * already reviewed (also by a parallel submit: the unique line key decides) 409 REVIEW_ALREADY_SUBMITTED.
 * The review waits for moderation; its reward comes with the approval of the member's first review.
 */
export async function submitReview(sc: ServiceContext, memberId: number, body: ReviewBody): Promise<MyReviewView> {
  const found = await findLineWithOrder(sc.db, body.orderLineId);
  if (!found || found.order.memberId !== memberId) throw new AppError('REVIEW_LINE_NOT_FOUND');
  const { line, order } = found;
  const isReceived = (RECEIVED_STATUSES as readonly string[]).includes(order.status) && order.completedAt !== null;
  if (!isReceived || line.refundedQuantity >= line.quantity) throw new AppError('REVIEW_NOT_RECEIVED', undefined, { orderStatus: order.status });
  await checkImages(sc, body.images);
  return inTransaction(sc, async (tx) => {
    const row = await insertReview(tx.db, {
      memberId,
      orderId: order.id,
      orderLineId: line.id,
      productId: line.productId,
      skuId: line.skuId,
      specs: line.specs,
      rating: body.rating,
      content: body.content,
      images: body.images,
      isAnonymous: body.isAnonymous,
      status: 'pending',
      createdAt: tx.now,
      updatedAt: tx.now,
    });
    if (!row) throw new AppError('REVIEW_ALREADY_SUBMITTED', undefined, { orderLineId: line.id });
    return toMyReviewView(row, { title: line.title, image: line.image });
  });
}

/** GET /api/me/reviews: the member's own reviews, pending and rejected included, newest first. */
export async function listMyReviews(
  sc: ServiceContext,
  memberId: number,
  query: z.output<typeof reviewsQuerySchema>,
): Promise<{ items: MyReviewView[]; nextCursor: string | null }> {
  const beforeId = query.cursor ? decodeCursor(query.cursor, ['id'])[0] : undefined;
  const rows = await pageReviews(sc.db, [eq(productReviews.memberId, memberId)], beforeId, query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => toMyReviewView(row.review, row)),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.review.id]) : null,
  };
}

const TO_WRITE_LIMIT = 50;

/** GET /api/me/reviews/to-write: received lines still waiting for the member's review (at most 50). */
export async function listLinesToReview(sc: ServiceContext, memberId: number): Promise<{ items: ReviewableLineView[] }> {
  const rows = await reviewableLines(sc.db, memberId, TO_WRITE_LIMIT);
  return {
    items: rows.map(({ line, orderNo, completedAt }) => ({
      orderLineId: line.id,
      orderId: line.orderId,
      orderNo,
      productId: line.productId,
      title: line.title,
      image: line.image,
      specsText: reviewSpecsText(line.specs),
      receivedAt: (completedAt ?? new Date(0)).toISOString(),
    })),
  };
}
