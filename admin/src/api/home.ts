import type { AdminHomeSummary } from '@siyu/shared';
import { api } from './client';

/** The console's 今日 summary (server/src/modules/admin-home). */
export const homeApi = {
  summary: (signal?: AbortSignal) => api.get<AdminHomeSummary>('/api/admin/home', undefined, signal),
};
