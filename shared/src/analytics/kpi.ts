import { z } from 'zod';
import type { Fen } from '../money';

/*
 * KPI targets (月度目标) and their progress; the 日报; analytics settings; exports; staff messages (站内信).
 */

export const KPI_METRICS = ['gmvFen', 'newMembers', 'repurchaseRate', 'activeMembers'] as const;
export type KpiMetric = (typeof KPI_METRICS)[number];
export const KPI_METRIC_LABELS: Readonly<Record<KpiMetric, string>> = {
  gmvFen: '月度 GMV',
  newMembers: '新增会员',
  repurchaseRate: '复购率',
  activeMembers: '月活跃会员',
};

/** A month YYYY-MM. */
export const kpiMonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');

/**
 * PUT /api/admin/kpi/targets/:month (reports:targets) { targets: { gmvFen?, newMembers?, repurchaseRate?, activeMembers? } }:
 * gmvFen in fen, members as counts, repurchaseRate as a fraction 0..1 (stored as basis points). null removes a target.
 */
export const kpiTargetsBodySchema = z.strictObject({
  targets: z.strictObject({
    gmvFen: z.number().int().min(0).max(1e13).nullable().optional(),
    newMembers: z.number().int().min(0).max(1e9).nullable().optional(),
    repurchaseRate: z.number().min(0).max(1).nullable().optional(),
    activeMembers: z.number().int().min(0).max(1e9).nullable().optional(),
  }),
});
export type KpiTargetsBody = z.output<typeof kpiTargetsBodySchema>;

/** GET /api/admin/kpi?month=YYYY-MM (reports:read): progress of each metric with a target (or without). */
export interface KpiProgress {
  metric: KpiMetric;
  target: number | null;
  /** So far this month (the whole month when it is over). */
  actual: number;
  /** actual / target, 4 decimals; null without a target. */
  progress: number | null;
  /** Share of the month gone (days elapsed / days in month), 4 decimals. */
  timeElapsed: number;
  /**
   * For additive metrics (gmvFen, newMembers): what is needed per remaining day to reach the target
   * (0 when reached; null without a target or when the month is over). Rates and active members: null.
   */
  neededPerDay: number | null;
  /** ahead / on_track / behind (progress vs time elapsed, ±5 %); null without a target. */
  pace: 'ahead' | 'on_track' | 'behind' | null;
}
export interface KpiReport {
  month: string;
  daysInMonth: number;
  daysElapsed: number;
  metrics: KpiProgress[];
}

/** GET/PUT /api/admin/analytics/settings (reports:settings to change). */
export const analyticsSettingsBodySchema = z.strictObject({
  eventRetentionDays: z.number().int().min(30).max(1100).optional(),
  dailyReportEnabled: z.boolean().optional(),
  dailyReportHour: z.number().int().min(0).max(23).optional(),
});
export type AnalyticsSettingsBody = z.output<typeof analyticsSettingsBodySchema>;
export interface AnalyticsSettings {
  eventRetentionDays: number;
  dailyReportEnabled: boolean;
  dailyReportHour: number;
  /** True when DAILY_REPORT_WEBHOOK_URL is set (the URL itself is a secret and never shown). */
  robotConfigured: boolean;
}

/** The 日报's content (daily_reports.content): yesterday's headline numbers against the day before. */
export interface DailyReportContent {
  day: string;
  gmvFen: Fen;
  netGmvFen: Fen;
  paidOrders: number;
  payingMembers: number;
  aovFen: Fen;
  visitors: number;
  newMembers: number;
  /** The same figures for the day before (for the arrows). */
  previous: { gmvFen: Fen; netGmvFen: Fen; paidOrders: number; payingMembers: number; aovFen: Fen; visitors: number; newMembers: number };
  /** This month's GMV progress when a target is set. */
  monthGmv: { actualFen: Fen; targetFen: Fen | null };
}

/** GET /api/admin/inbox (any staff): the signed-in staff member's 站内信, newest first (read: POST /api/admin/inbox/:id/read, /read-all). */
export interface StaffMessageView {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  read: boolean;
  createdAt: string;
}
export interface StaffMessagesPage {
  items: StaffMessageView[];
  unread: number;
}

/** Exports: reports of more than this many rows run as a background job. */
export const EXPORT_SYNC_MAX_ROWS = 100_000;
/** `expired`: done, and its file was deleted after 7 days (the download answers 410). */
export const EXPORT_STATUSES = ['queued', 'running', 'done', 'failed', 'expired'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];
/** GET /api/admin/exports/:id and the items of GET /api/admin/exports (own exports). */
export interface ReportExportView {
  id: number;
  report: string;
  status: ExportStatus;
  totalRows: number | null;
  doneRows: number;
  /** 0..1 */
  progress: number;
  /** /api/admin/exports/:id/download once done. */
  downloadUrl: string | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}
