import { maskReviewerName, reviewSpecsText, type AdminReviewView, type MyReviewView, type ProductReviewView, type ReviewStatus } from '@siyu/shared';
import type { productReviews } from '../../db/schema';

export type ReviewRow = typeof productReviews.$inferSelect;

/** What a review shows of its order line. */
export interface LineInfo {
  title: string;
  image: string | null;
}

/** A review as its author (and staff) see it. */
export function toMyReviewView(row: ReviewRow, line: LineInfo): MyReviewView {
  return {
    id: row.id,
    orderId: row.orderId,
    orderLineId: row.orderLineId,
    productId: row.productId,
    title: line.title,
    image: line.image,
    specsText: reviewSpecsText(row.specs),
    rating: row.rating,
    content: row.content,
    images: row.images,
    isAnonymous: row.isAnonymous,
    status: row.status as ReviewStatus,
    rejectReason: row.rejectReason,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toAdminReviewView(row: ReviewRow, line: LineInfo, nickname: string): AdminReviewView {
  return {
    ...toMyReviewView(row, line),
    memberId: row.memberId,
    memberNickname: nickname,
    moderatedBy: row.moderatedBy,
    moderatedAt: row.moderatedAt?.toISOString() ?? null,
  };
}

/** An approved review as the product page shows it: the author masked, or 匿名用户. */
export function toProductReviewView(row: ReviewRow, nickname: string): ProductReviewView {
  return {
    id: row.id,
    rating: row.rating,
    content: row.content,
    images: row.images,
    author: row.isAnonymous ? '匿名用户' : maskReviewerName(nickname),
    specsText: reviewSpecsText(row.specs),
    createdAt: row.createdAt.toISOString(),
  };
}
