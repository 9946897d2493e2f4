import { z } from 'zod';

/*
 * Date ranges of the dashboards and reports (issue 16). Days are Asia/Shanghai calendar dates (UTC+8, no
 * daylight saving), both ends included. The server checks a range with `reportRangeProblem` and answers 400
 * with the code it returns; the console uses the same function to refuse a bad custom range before asking.
 */

/** The longest range a report covers: two years (731 days, both ends included). */
export const ANALYTICS_MAX_RANGE_DAYS = 731;
/** Raw behaviour events are kept this many days unless the store sets otherwise (analytics settings). */
export const DEFAULT_EVENT_RETENTION_DAYS = 400;

const BEIJING_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** A calendar day YYYY-MM-DD that exists (2026-02-30 is refused). */
export const analyticsDaySchema = z.iso.date();

/** ?from&to: both required. */
export const reportRangeQuerySchema = z.strictObject({ from: analyticsDaySchema, to: analyticsDaySchema });
export type ReportRangeQuery = z.output<typeof reportRangeQuerySchema>;

/** The China-time date (YYYY-MM-DD) of an instant. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** day + n days (n may be negative). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included (1 for a single day; ≤ 0 when from > to). */
export function rangeDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** The instants [from 00:00, to+1 00:00) China time of a day range. */
export function rangeInstants(from: string, to: string): { start: Date; end: Date } {
  return {
    start: new Date(Date.parse(`${from}T00:00:00Z`) - BEIJING_OFFSET_MS),
    end: new Date(Date.parse(`${addDays(to, 1)}T00:00:00Z`) - BEIJING_OFFSET_MS),
  };
}

/** The range of the same length just before: 7 days → the 7 days before them. */
export function previousRange(from: string, to: string): { from: string; to: string } {
  const days = rangeDays(from, to);
  return { from: addDays(from, -days), to: addDays(from, -1) };
}

/** The first day of the month of `day`. */
export function monthOf(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

export const RANGE_PRESETS = ['today', 'yesterday', '7d', '30d'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export const RANGE_PRESET_LABELS: Readonly<Record<RangePreset, string>> = { today: '今日', yesterday: '昨日', '7d': '近 7 天', '30d': '近 30 天' };

/** A preset's days, as of `now`: 7d and 30d end today. */
export function presetRange(preset: RangePreset, now: Date): { from: string; to: string } {
  const today = chinaDate(now);
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday':
      return { from: addDays(today, -1), to: addDays(today, -1) };
    case '7d':
      return { from: addDays(today, -6), to: today };
    case '30d':
      return { from: addDays(today, -29), to: today };
  }
}

/** The error codes of a bad range (all 400). */
export type ReportRangeProblem = 'REPORT_RANGE_INVERTED' | 'REPORT_RANGE_TOO_LONG' | 'REPORT_RANGE_IN_FUTURE' | 'REPORT_RANGE_BEYOND_RETENTION';

/**
 * What is wrong with a range, or null. `retentionDays` is given for reports that read behaviour events
 * (visitors, funnel): their `from` may not be older than today − retentionDays + 1.
 */
export function reportRangeProblem(range: { from: string; to: string }, now: Date, retentionDays?: number): ReportRangeProblem | null {
  const days = rangeDays(range.from, range.to);
  if (days < 1) return 'REPORT_RANGE_INVERTED';
  if (days > ANALYTICS_MAX_RANGE_DAYS) return 'REPORT_RANGE_TOO_LONG';
  const today = chinaDate(now);
  if (range.to > today) return 'REPORT_RANGE_IN_FUTURE';
  if (retentionDays !== undefined && range.from < addDays(today, -(retentionDays - 1))) return 'REPORT_RANGE_BEYOND_RETENTION';
  return null;
}
