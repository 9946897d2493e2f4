/** Staff moderation of reviews: the queue by status, approve (the first approved review earns its reward), reject. */
import { eq, type SQL } from 'drizzle-orm';
import type { AdminReviewView, adminReviewsQuerySchema } from '@siyu/shared';
import type { z } from 'zod';
import { inTransaction, requireStaffActor, type ServiceContext } from '../../context';
import { orderLines, productReviews } from '../../db/schema';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { AppError } from '../../lib/errors';
import { recordAudit } from '../audit';
import { findReview, moderate, pageReviews } from './repo';
import { rewardFirstReview } from './reward';
import { toAdminReviewView, type ReviewRow } from './views';

/** GET /api/admin/reviews: by status (pending first by default) and product, newest first. */
export async function listAdminReviews(
  sc: ServiceContext,
  query: z.output<typeof adminReviewsQuerySchema>,
): Promise<{ items: AdminReviewView[]; nextCursor: string | null }> {
  const where: SQL[] = [eq(productReviews.status, query.status)];
  if (query.productId !== undefined) where.push(eq(productReviews.productId, query.productId));
  const beforeId = query.cursor ? decodeCursor(query.cursor, ['id'])[0] : undefined;
  const rows = await pageReviews(sc.db, where, beforeId, query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => toAdminReviewView(row.review, row, row.nickname)),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.review.id]) : null,
  };
}

async function lineOf(sc: ServiceContext, row: ReviewRow) {
  const [line] = await sc.db.select({ title: orderLines.title, image: orderLines.image }).from(orderLines).where(eq(orderLines.id, row.orderLineId));
  return line ?? { title: '', image: null };
}

/** Why a review cannot move: missing (404) or moderated already (409 with its status). */
async function refusal(sc: ServiceContext, id: number): Promise<AppError> {
  const row = await findReview(sc.db, id);
  return row ? new AppError('REVIEW_ALREADY_MODERATED', undefined, { status: row.status }) : new AppError('REVIEW_NOT_FOUND');
}

/**
 * POST /api/admin/reviews/:id/approve: shown on the product page from now on; the member's first
 * approved review earns the 首次评价 growth and points (once per member, however many approvals race).
 */
export async function approveReview(sc: ServiceContext, id: number): Promise<AdminReviewView & { reward: { growth: number; points: number } }> {
  const actor = requireStaffActor(sc);
  return inTransaction(sc, async (tx) => {
    const row = await moderate(tx.db, id, { status: 'approved', rejectReason: null, staffId: actor.id, now: tx.now });
    if (!row) throw await refusal(tx, id);
    const reward = await rewardFirstReview(tx, row.memberId, row.id);
    await recordAudit(tx, {
      action: 'review.approve',
      targetType: 'review',
      targetId: id,
      before: { status: 'pending' },
      after: { status: 'approved', reward },
    });
    return { ...toAdminReviewView(row, await lineOf(tx, row), ''), reward };
  });
}

/** POST /api/admin/reviews/:id/reject: with a reason the member reads on their own review. */
export async function rejectReview(sc: ServiceContext, id: number, reason: string): Promise<AdminReviewView> {
  const actor = requireStaffActor(sc);
  return inTransaction(sc, async (tx) => {
    const row = await moderate(tx.db, id, { status: 'rejected', rejectReason: reason, staffId: actor.id, now: tx.now });
    if (!row) throw await refusal(tx, id);
    await recordAudit(tx, {
      action: 'review.reject',
      targetType: 'review',
      targetId: id,
      before: { status: 'pending' },
      after: { status: 'rejected', reason },
    });
    return toAdminReviewView(row, await lineOf(tx, row), '');
  });
}
