import {
  analyticsDaySchema,
  OVERVIEW_METRIC_KINDS,
  reportRangeProblem,
  type KpiMetric,
  type KpiProgress,
  type OverviewMetric,
  type OverviewTrendDay,
  type ReportExportView,
  type ReportName,
} from '@siyu/shared';
import type { EChartOption } from '../../components/charts';
import { money } from '../../format';

/** 12.34% from a rate 0..1 (two decimals: rates arrive with 4). */
export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '—';
  return `${(rate * 100).toFixed(2)}%`;
}

/** 1,234 */
export function count(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toLocaleString('zh-CN');
}

/** A value of an overview metric as shown on its card: money, a count or a percentage. */
export function formatMetric(metric: OverviewMetric, value: number | null | undefined): string {
  switch (OVERVIEW_METRIC_KINDS[metric]) {
    case 'fen':
      return money(value);
    case 'rate':
      return percent(value);
    case 'count':
      return count(value);
  }
}

export interface ChangeView {
  /** ↑ 12.50% / ↓ 3.00% / 持平 / 无可比数据 */
  text: string;
  direction: 'up' | 'down' | 'flat' | 'none';
  /** Up red, down green (the Chinese market convention); grey for flat or none. */
  color: string;
}

export const UP_COLOR = '#cf1322';
export const DOWN_COLOR = '#389e0d';
const NEUTRAL_COLOR = 'rgba(0, 0, 0, 0.45)';

/** The change against the previous period (a fraction, null when the previous period had 0) as an arrow and a colour. */
export function changeView(change: number | null): ChangeView {
  if (change === null) return { text: '无可比数据', direction: 'none', color: NEUTRAL_COLOR };
  if (change === 0) return { text: '持平', direction: 'flat', color: NEUTRAL_COLOR };
  const text = `${(Math.abs(change) * 100).toFixed(2)}%`;
  return change > 0 ? { text: `↑ ${text}`, direction: 'up', color: UP_COLOR } : { text: `↓ ${text}`, direction: 'down', color: DOWN_COLOR };
}

export const PACE_LABELS: Readonly<Record<NonNullable<KpiProgress['pace']>, { text: string; color: string }>> = {
  ahead: { text: '超前', color: 'green' },
  on_track: { text: '符合进度', color: 'blue' },
  behind: { text: '落后', color: 'red' },
};

/** A KPI metric's figure: GMV in money, the repurchase rate as %, members as counts. */
export function formatKpiValue(metric: KpiMetric, value: number | null | undefined): string {
  if (metric === 'gmvFen') return money(value);
  if (metric === 'repurchaseRate') return percent(value);
  return count(value);
}

/** The line beside a KPI bar's pace tag: "剩余每天需 ¥1,234.00", "已达成目标"; empty without a target or a per-day figure. */
export function paceText(progress: KpiProgress): string {
  if (progress.target === null) return '';
  if ((progress.progress !== null && progress.progress >= 1) || progress.neededPerDay === 0) return '已达成目标';
  if (progress.neededPerDay === null) return '';
  // What is still needed per day, rounded up (a part of a fen or of a member is still needed).
  return `剩余每天需 ${formatKpiValue(progress.metric, Math.ceil(progress.neededPerDay))}`;
}

/** A progress bar's percent (0..100, capped at 100 for the bar; the text shows the real figure). */
export function progressPercent(progress: number | null): number {
  if (progress === null) return 0;
  return Math.min(100, Math.round(progress * 1000) / 10);
}

/** The repurchase-rate target as the form shows it: a percentage with at most 2 decimals (0.355 → 35.5). */
export function rateToPercentInput(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 10000) / 100;
}

/** Back from the form's percentage to a fraction with 4 decimals (35.5 → 0.355). */
export function percentInputToRate(input: number | null | undefined): number | null {
  return input === null || input === undefined ? null : Math.round(input * 100) / 10000;
}

export type TrendSeries = 'gmvFen' | 'netGmvFen' | 'paidOrders' | 'visitors';
export const TREND_SERIES: { value: TrendSeries; label: string }[] = [
  { value: 'gmvFen', label: 'GMV' },
  { value: 'netGmvFen', label: '净 GMV' },
  { value: 'paidOrders', label: '订单数' },
  { value: 'visitors', label: '访客数' },
];

/** The trend chart's option: one line over the days of the range (money in yuan on the axis, fen in the data). */
export function trendOption(trend: readonly OverviewTrendDay[], series: TrendSeries): EChartOption {
  const isMoney = series === 'gmvFen' || series === 'netGmvFen';
  const label = TREND_SERIES.find((item) => item.value === series)?.label ?? '';
  return {
    // No entry animation: the figures are the point, and a screenshot never catches a half-drawn line.
    animation: false,
    grid: { left: 64, right: 24, top: 32, bottom: 32 },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value) => (isMoney ? money(Math.round(Number(value) * 100)) : count(Number(value))),
    },
    xAxis: { type: 'category', data: trend.map((day) => day.day.slice(5)) },
    yAxis: { type: 'value', name: isMoney ? '元' : undefined, minInterval: 1 },
    series: [
      {
        name: label,
        type: 'line',
        smooth: true,
        areaStyle: { opacity: 0.08 },
        // Display only: yuan for the axis.
        data: trend.map((day) => (isMoney ? day[series] / 100 : day[series])),
      },
    ],
  };
}

/** Where a message's link leads: a console page (navigate), an API file (download), or nowhere. */
export function linkTarget(link: string | null): { kind: 'page'; to: string } | { kind: 'download'; url: string } | null {
  if (!link) return null;
  if (link.startsWith('/api/')) return { kind: 'download', url: link };
  const page = link.startsWith('/admin/') ? link.slice('/admin'.length) : link;
  return page.startsWith('/') ? { kind: 'page', to: page } : null;
}

/** The report names of an export, in Chinese. */
export const REPORT_LABELS: Readonly<Record<ReportName, string>> = {
  overview: '数据概况',
  funnel: '转化漏斗',
  cohorts: '留存与 LTV',
  repurchase: '复购分析',
  promotions: '促销效果',
  members: '会员分析',
  products: '商品分析',
  staff: '员工业绩',
};

export function reportLabel(report: string): string {
  return (REPORT_LABELS as Record<string, string>)[report] ?? report;
}

/** True while any export is still to finish (the page polls then). */
export function hasRunning(items: readonly ReportExportView[]): boolean {
  return items.some((item) => item.status === 'queued' || item.status === 'running');
}

/** The range named by a link's ?from&to (the 日报 links to its day), or null when missing or not a good range. */
export function linkedRange(from: string | null, to: string | null, now: Date = new Date()): { from: string; to: string } | null {
  if (!analyticsDaySchema.safeParse(from).success || !analyticsDaySchema.safeParse(to).success) return null;
  const range = { from: from as string, to: to as string };
  return reportRangeProblem(range, now) ? null : range;
}
