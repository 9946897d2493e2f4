import type {
  AnalyticsSettings,
  AnalyticsSettingsBody,
  DailyReportContent,
  DashboardBreakdown,
  DashboardOverview,
  KpiReport,
  KpiTargetsBody,
  ReportExportView,
  StaffMessagesPage,
} from '@siyu/shared';
import { api } from './client';
import { download, type Download } from './catalog-io';

/** One 日报 as GET /api/admin/daily-reports lists it (server/src/modules/daily-report). */
export interface DailyReportView {
  day: string;
  content: DailyReportContent;
  /** pending / sent / failed / off (no robot configured). */
  robotStatus: string;
  robotError: string | null;
  robotAttempts: number;
  createdAt: string;
  robotSentAt: string | null;
}

/** A list answer: `{ items }` (or a bare array from an older server). */
function itemsOf<T>(answer: { items: T[] } | T[]): T[] {
  return Array.isArray(answer) ? answer : answer.items;
}

/** The 数据概况 home, KPI targets, 站内信, exports and analytics settings (issue 16). */
export const dashboardApi = {
  overview: (range: { from: string; to: string }, signal?: AbortSignal) => api.get<DashboardOverview>('/api/admin/dashboard/overview', range, signal),
  breakdown: (range: { from: string; to: string }, signal?: AbortSignal) => api.get<DashboardBreakdown>('/api/admin/dashboard/breakdown', range, signal),

  kpi: (month: string, signal?: AbortSignal) => api.get<KpiReport>('/api/admin/kpi', { month }, signal),
  setKpiTargets: (month: string, body: KpiTargetsBody) => api.put<KpiReport>(`/api/admin/kpi/targets/${encodeURIComponent(month)}`, body),

  inbox: (signal?: AbortSignal) => api.get<StaffMessagesPage>('/api/admin/inbox', undefined, signal),
  markRead: (id: number) => api.post<unknown>(`/api/admin/inbox/${id}/read`),
  markAllRead: () => api.post<unknown>('/api/admin/inbox/read-all'),

  exports: async (signal?: AbortSignal) => itemsOf(await api.get<{ items: ReportExportView[] } | ReportExportView[]>('/api/admin/exports', undefined, signal)),
  exportStatus: (id: number, signal?: AbortSignal) => api.get<ReportExportView>(`/api/admin/exports/${id}`, undefined, signal),
  /** The finished file, through the API client (it carries the token). */
  downloadExport: (url: string, onProgress: (fraction: number | null) => void): Promise<Download> => download(url, {}, onProgress),

  settings: (signal?: AbortSignal) => api.get<AnalyticsSettings>('/api/admin/analytics/settings', undefined, signal),
  saveSettings: (body: AnalyticsSettingsBody) => api.put<AnalyticsSettings>('/api/admin/analytics/settings', body),
  dailyReports: async (signal?: AbortSignal) =>
    itemsOf(await api.get<{ items: DailyReportView[] } | DailyReportView[]>('/api/admin/daily-reports', undefined, signal)),
  resendDailyReport: (day: string) => api.post<unknown>(`/api/admin/daily-reports/${encodeURIComponent(day)}/resend`),
};
