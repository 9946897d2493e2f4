import type { Fen } from '../money';

/*
 * GET /api/admin/dashboard/overview?from&to (reports:read) — the 数据概况 home. Definitions: docs/metrics.md.
 * Every metric carries its value for the range and for the previous range of the same length.
 */

export const OVERVIEW_METRICS = [
  'gmvFen',
  'netGmvFen',
  'paidOrders',
  'payingMembers',
  'aovFen',
  'visitors',
  'conversionRate',
  'newMembers',
  'repurchaseRate',
] as const;
export type OverviewMetric = (typeof OVERVIEW_METRICS)[number];

export const OVERVIEW_METRIC_LABELS: Readonly<Record<OverviewMetric, string>> = {
  gmvFen: '支付金额 GMV',
  netGmvFen: '净 GMV（扣退款）',
  paidOrders: '支付订单数',
  payingMembers: '支付会员数',
  aovFen: '客单价',
  visitors: '访客数',
  conversionRate: '支付转化率',
  newMembers: '新增会员',
  repurchaseRate: '复购率',
};

/** How a metric is shown: money in fen, a count, or a rate (0..1). */
export const OVERVIEW_METRIC_KINDS: Readonly<Record<OverviewMetric, 'fen' | 'count' | 'rate'>> = {
  gmvFen: 'fen',
  netGmvFen: 'fen',
  paidOrders: 'count',
  payingMembers: 'count',
  aovFen: 'fen',
  visitors: 'count',
  conversionRate: 'rate',
  newMembers: 'count',
  repurchaseRate: 'rate',
};

export interface MetricValue {
  value: number;
  previous: number;
  /** (value − previous) / previous, rounded to 4 decimals; null when previous is 0. */
  change: number | null;
}

/** One China day of the trend chart. */
export interface OverviewTrendDay {
  day: string;
  gmvFen: Fen;
  netGmvFen: Fen;
  paidOrders: number;
  payingMembers: number;
  visitors: number;
  newMembers: number;
}

export interface DashboardOverview {
  from: string;
  to: string;
  previous: { from: string; to: string };
  gmvFen: MetricValue;
  netGmvFen: MetricValue;
  paidOrders: MetricValue;
  payingMembers: MetricValue;
  aovFen: MetricValue;
  visitors: MetricValue;
  /** payingMembers / visitors (0 when there were no visitors). */
  conversionRate: MetricValue;
  newMembers: MetricValue;
  /** Members with ≥ 2 paid orders in the range / paying members in the range. */
  repurchaseRate: MetricValue;
  /** Every day of the range (days with nothing are zeros). */
  trend: OverviewTrendDay[];
  /** When the roll-ups last caught up (the newest outbox event applied), ISO; null before any. */
  asOf: string | null;
}

/**
 * GET /api/admin/dashboard/breakdown?from&to (reports:read) — the drill-down under the home's cards: the range's
 * figures per acquisition channel (0 = 自然流量), largest GMV first. The rows add up to the overview's totals
 * for gmvFen, paidOrders, newMembers (each member and order belongs to one channel).
 */
export interface DashboardBreakdown {
  from: string;
  to: string;
  channels: {
    channelId: number;
    channelName: string;
    gmvFen: Fen;
    netGmvFen: Fen;
    paidOrders: number;
    payingMembers: number;
    newMembers: number;
    visitors: number;
  }[];
}
