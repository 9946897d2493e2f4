/** What the shop shows of a product's reviews: approved ones only. */
import { eq, type SQL } from 'drizzle-orm';
import type { ProductReviewSummaryView, ProductReviewView, reviewsQuerySchema } from '@siyu/shared';
import type { z } from 'zod';
import type { ServiceContext } from '../../context';
import { productReviews } from '../../db/schema';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { approvedStats, pageReviews } from './repo';
import { toProductReviewView } from './views';

const approvedOf = (productId: number): SQL[] => [eq(productReviews.productId, productId), eq(productReviews.status, 'approved')];

/** GET /api/products/:id/reviews: approved reviews, newest first (an unknown product simply has none). */
export async function listProductReviews(
  sc: ServiceContext,
  productId: number,
  query: z.output<typeof reviewsQuerySchema>,
): Promise<{ items: ProductReviewView[]; nextCursor: string | null }> {
  const beforeId = query.cursor ? decodeCursor(query.cursor, ['id'])[0] : undefined;
  const rows = await pageReviews(sc.db, approvedOf(productId), beforeId, query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => toProductReviewView(row.review, row.nickname)),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.review.id]) : null,
  };
}

/** GET /api/products/:id/reviews/summary: count, average (×10, rounded down), good rate (bp, rounded down), the latest two. */
export async function productReviewSummary(sc: ServiceContext, productId: number): Promise<ProductReviewSummaryView> {
  const stats = await approvedStats(sc.db, productId);
  const latest = await pageReviews(sc.db, approvedOf(productId), undefined, 2);
  return {
    productId,
    count: stats.count,
    averageX10: stats.count === 0 ? 0 : Math.floor((stats.ratingSum * 10) / stats.count),
    goodRateBp: stats.count === 0 ? 0 : Math.floor((stats.good * 10_000) / stats.count),
    withImages: stats.withImages,
    latest: latest.map((row) => toProductReviewView(row.review, row.nickname)),
  };
}
