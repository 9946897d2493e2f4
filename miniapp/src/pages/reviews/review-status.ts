import type { MyReviewView } from '@siyu/shared';

/** What the author reads about their review's moderation. */
export function reviewStatusText(review: Pick<MyReviewView, 'status' | 'rejectReason'>): string {
  if (review.status === 'approved') return '已展示';
  if (review.status === 'rejected') return review.rejectReason ? `未通过：${review.rejectReason}` : '未通过审核';
  return '审核中，仅自己可见';
}
