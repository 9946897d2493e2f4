import { eq } from 'drizzle-orm';
import { DEFAULT_EVENT_RETENTION_DAYS, reportRangeProblem, type ReportRangeQuery } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { analyticsSettings } from '../../db/schema';
import { AppError } from '../../lib/errors';

/** The store's analytics settings row (id 1, inserted by migration 0026); defaults when it is missing. */
export async function readAnalyticsSettings(db: Executor): Promise<{ eventRetentionDays: number; dailyReportEnabled: boolean; dailyReportHour: number }> {
  const [row] = await db.select().from(analyticsSettings).where(eq(analyticsSettings.id, 1));
  return {
    eventRetentionDays: row?.eventRetentionDays ?? DEFAULT_EVENT_RETENTION_DAYS,
    dailyReportEnabled: row?.dailyReportEnabled ?? true,
    dailyReportHour: row?.dailyReportHour ?? 8,
  };
}

/**
 * Throws the 400 of a bad report range (REPORT_RANGE_INVERTED / _TOO_LONG / _IN_FUTURE, and
 * _BEYOND_RETENTION when `events` is set: the report reads raw behaviour events or their visits).
 */
export async function assertReportRange(db: Executor, range: ReportRangeQuery, now: Date, options: { events?: boolean } = {}): Promise<void> {
  const retentionDays = options.events ? (await readAnalyticsSettings(db)).eventRetentionDays : undefined;
  const problem = reportRangeProblem(range, now, retentionDays);
  if (problem)
    throw new AppError(problem, `${range.from}..${range.to}: ${problem}`, { from: range.from, to: range.to, ...(retentionDays ? { retentionDays } : {}) });
}
