import type { AdminReviewView, ReviewStatus } from '@siyu/shared';
import { api } from './client';
import type { Page } from './types';

/** Review moderation (server/src/modules/reviews): the queue by status, approve, reject with a reason. */
export const reviewsApi = {
  list: (status: ReviewStatus, cursor: string | null, limit: number, signal?: AbortSignal) =>
    api.get<Page<AdminReviewView>>('/api/admin/reviews', { status, cursor, limit }, signal),
  approve: (id: number) => api.post<AdminReviewView & { reward: { growth: number; points: number } }>(`/api/admin/reviews/${id}/approve`),
  reject: (id: number, reason: string) => api.post<AdminReviewView>(`/api/admin/reviews/${id}/reject`, { reason }),
};
