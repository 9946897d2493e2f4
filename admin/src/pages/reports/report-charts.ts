import { FUNNEL_STEP_LABELS, FUNNEL_STEPS, lifecycleName, PRODUCT_ROLE_NAMES, type FunnelStep, type ProductRole } from '@siyu/shared';
import type { CohortsReport, MembersReport, ProductsReport, PromotionRow, RepurchaseReport } from '../../api/reports';
import type { EChartOption } from '../../components/charts';
import { evenFunnelOption, funnelTexts } from '../channels/report-charts';

/** Pure transforms of the 数据 reports: heat-map cells, histogram labels and the ECharts options. */

/** Fen → yuan for an axis (the tooltips and tables show money() text). */
export const yuan = (fen: number): number => Math.round(fen) / 100;
const yuanAxis = (value: number): string => (Math.abs(value) >= 10_000 ? `¥${(value / 10_000).toFixed(1)}万` : `¥${value}`);
const yuanTip = (value: unknown): string => `¥${Number(value).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** A rate 0..1 → "12.3%"; "—" for none. */
export function rateText(rate: number | null | undefined): string {
  return rate === null || rate === undefined || !Number.isFinite(rate) ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** 1234 → "1,234"; "—" for none. */
export const countText = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : value.toLocaleString('zh-CN'));

const funnelSteps = (steps: Record<FunnelStep, number>) => FUNNEL_STEPS.map((step) => ({ name: FUNNEL_STEP_LABELS[step], value: steps[step] }));

/** "浏览商品 1,234（上一步的 12.5%）": a step's count and its rate from the step before. */
export function funnelStepTexts(steps: Record<FunnelStep, number>): string[] {
  return funnelTexts(funnelSteps(steps));
}

/** 访客 → 浏览商品 → 加入购物车 → 提交订单 → 支付, drawn like the channel report's funnel. */
export function funnelChartOption(steps: Record<FunnelStep, number>): EChartOption {
  return evenFunnelOption(funnelSteps(steps));
}

/** One cell of the cohort heat map: the members active in month k, the rate, and its shade. */
export interface HeatCell {
  active: number;
  retention: number;
  text: string;
  background: string;
  color: string;
}

/** The blue of a rate: white at 0, #1677ff at 1 (k = 0 is always 100%). */
export function heatColor(rate: number): { background: string; color: string } {
  const clamped = Math.min(Math.max(rate, 0), 1);
  const alpha = Math.round(clamped * 100) / 100;
  return { background: `rgba(22, 119, 255, ${alpha})`, color: clamped >= 0.5 ? '#fff' : 'rgba(0, 0, 0, 0.88)' };
}

/** The heat-map rows: one per cohort month, cells[k] for months since (null where month k has not come yet). */
export function heatMapRows(report: CohortsReport): { month: string; members: number; cells: (HeatCell | null)[] }[] {
  const width = monthsSinceCount(report);
  return report.cohorts.map((cohort) => ({
    month: cohort.month.slice(0, 7),
    members: cohort.members,
    cells: Array.from({ length: width }, (_, k) => {
      const active = cohort.active[k];
      const retention = cohort.retention[k];
      if (active === undefined || retention === undefined) return null;
      return { active, retention, text: rateText(retention), ...heatColor(retention) };
    }),
  }));
}

/** How many months-since columns the heat map has (the longest cohort). */
export function monthsSinceCount(report: CohortsReport): number {
  return report.cohorts.reduce((width, cohort) => Math.max(width, cohort.active.length), 0);
}

/** LTV curves per acquisition channel: cumulative net paid per member (yuan) by months since the first order. */
export function ltvOption(report: CohortsReport): EChartOption {
  const width = report.ltvByChannel.reduce((max, channel) => Math.max(max, channel.ltvFen.length), 0);
  return {
    tooltip: { trigger: 'axis', valueFormatter: yuanTip },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', boundaryGap: false, data: Array.from({ length: width }, (_, k) => `第 ${k} 月`) },
    yAxis: { type: 'value', axisLabel: { formatter: yuanAxis } },
    series: report.ltvByChannel.map((channel) => ({
      name: `${channel.channelName}（${countText(channel.members)} 人）`,
      type: 'line' as const,
      smooth: false,
      data: channel.ltvFen.map(yuan),
    })),
  };
}

/** "0–14 天", "180 天以上". */
export function bucketLabel(bucket: { fromDays: number; toDays: number | null }): string {
  return bucket.toDays === null ? `${bucket.fromDays} 天以上` : `${bucket.fromDays}–${bucket.toDays} 天`;
}

/** The bucket holding the median (where the cycle peaks), or null. */
export function medianBucketIndex(category: RepurchaseReport['categories'][number]): number | null {
  const median = category.medianDays;
  if (median === null) return null;
  const index = category.buckets.findIndex((bucket) => median >= bucket.fromDays && (bucket.toDays === null || median <= bucket.toDays));
  return index < 0 ? null : index;
}

/** The interval histogram of one category: repeats per 15-day bucket, the median's bucket highlighted. */
export function histogramOption(category: RepurchaseReport['categories'][number]): EChartOption {
  const highlight = medianBucketIndex(category);
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: category.buckets.map(bucketLabel), axisLabel: { interval: 0, rotate: 40 } },
    yAxis: { type: 'value', minInterval: 1, name: '复购次数' },
    series: [
      {
        name: '复购次数',
        type: 'bar',
        barCategoryGap: '10%',
        data: category.buckets.map((bucket, index) => ({ value: bucket.repeats, itemStyle: { color: index === highlight ? '#fa8c16' : '#1677ff' } })),
      },
    ],
  };
}

/** Promotions with a budget: discount spent vs budget (yuan), with the share spent over the bars. */
export function budgetOption(rows: readonly PromotionRow[]): EChartOption {
  const withBudget = rows.filter((row) => row.budgetFen !== null);
  return {
    tooltip: { trigger: 'axis', valueFormatter: yuanTip },
    legend: { data: ['预算', '已优惠'], top: 0 },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: withBudget.map((row) => row.name),
      axisLabel: { interval: 0, width: Math.max(48, Math.floor(560 / Math.max(withBudget.length, 1)) - 8), overflow: 'truncate' },
    },
    yAxis: { type: 'value', axisLabel: { formatter: yuanAxis } },
    series: [
      { name: '预算', type: 'bar', data: withBudget.map((row) => yuan(row.budgetFen ?? 0)), itemStyle: { color: '#d9d9d9' }, barGap: '10%' },
      {
        name: '已优惠',
        type: 'bar',
        data: withBudget.map((row) => yuan(row.discountFen)),
        itemStyle: { color: '#1677ff' },
        label: {
          show: true,
          position: 'top',
          formatter: (params) => {
            const row = withBudget[params.dataIndex];
            return row?.budgetFen ? `${((row.discountFen / row.budgetFen) * 100).toFixed(0)}%` : '';
          },
        },
      },
    ],
  };
}

/** Members per tier as a pie, each slice labelled with its GMV share. */
export function tierPieOption(tiers: MembersReport['tiers']): EChartOption {
  return {
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const tier = tiers[(params as { dataIndex: number }).dataIndex];
        return tier ? `${tier.tierName}<br/>会员 ${countText(tier.members)}<br/>GMV 占比 ${rateText(tier.gmvShare)}` : '';
      },
    },
    legend: { top: 0, type: 'scroll' },
    series: [
      {
        type: 'pie',
        radius: ['40%', '70%'],
        top: 32,
        label: { formatter: (params) => `${params.name}\n${countText(Number(params.value))} 人` },
        data: tiers.map((tier) => ({ name: tier.tierName, value: tier.members })),
      },
    ],
  };
}

/** Each tier's share of GMV as horizontal bars (0..100 %). */
export function tierGmvShareOption(tiers: MembersReport['tiers']): EChartOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (value) => `${Number(value).toFixed(1)}%` },
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', inverse: true, data: tiers.map((tier) => tier.tierName) },
    series: [
      {
        name: 'GMV 占比',
        type: 'bar',
        data: tiers.map((tier) => Math.round(tier.gmvShare * 1000) / 10),
        label: { show: true, position: 'right', formatter: '{c}%' },
        itemStyle: { color: '#13c2c2' },
      },
    ],
  };
}

/**
 * Lifecycle flows month by month as stacked bars: per month, the members who moved INTO each stage (a
 * member staying in a stage is no flow). Stages in the order of LIFECYCLE_STAGES as they appear.
 */
export function lifecycleFlowSeries(flows: MembersReport['lifecycleFlows']): { months: string[]; stages: string[]; values: number[][] } {
  const months = [...new Set(flows.map((flow) => flow.month.slice(0, 7)))].sort();
  const stages = [...new Set(flows.filter((flow) => flow.from !== flow.to).map((flow) => flow.to))];
  const values = stages.map((stage) =>
    months.map((month) =>
      flows.filter((flow) => flow.to === stage && flow.from !== flow.to && flow.month.slice(0, 7) === month).reduce((sum, flow) => sum + flow.members, 0),
    ),
  );
  return { months, stages, values };
}

export function lifecycleOption(flows: MembersReport['lifecycleFlows']): EChartOption {
  const { months, stages, values } = lifecycleFlowSeries(flows);
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value', minInterval: 1, name: '转入人数' },
    series: stages.map((stage, index) => ({
      name: `转入${lifecycleName(stage)}`,
      type: 'bar' as const,
      stack: 'flows',
      barMaxWidth: 64,
      data: values[index] ?? [],
    })),
  };
}

/** The product mix: sales and margin per role (yuan), bars side by side. */
export function roleMixOption(roles: ProductsReport['roles']): EChartOption {
  const names = roles.map((role) => PRODUCT_ROLE_NAMES[role.role as ProductRole] ?? role.role);
  return {
    tooltip: { trigger: 'axis', valueFormatter: yuanTip },
    legend: { data: ['销售额', '毛利'], top: 0 },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: names },
    yAxis: { type: 'value', axisLabel: { formatter: yuanAxis } },
    series: [
      {
        name: '销售额',
        type: 'bar',
        data: roles.map((role) => yuan(role.salesFen)),
        label: { show: true, position: 'top', formatter: (params) => rateText(roles[params.dataIndex]?.salesShare) },
        itemStyle: { color: '#1677ff' },
      },
      { name: '毛利', type: 'bar', data: roles.map((role) => (role.marginFen === null ? null : yuan(role.marginFen))), itemStyle: { color: '#52c41a' } },
    ],
  };
}

/** The share of sales per role as a pie (roles without sales left out; labels outside, never cut). */
export function rolePieOption(roles: ProductsReport['roles']): EChartOption {
  const slices = roles.filter((role) => role.salesFen > 0);
  const shareText = (index: number) => rateText(slices[index]?.salesShare);
  return {
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const { name, dataIndex } = params as { name: string; dataIndex: number };
        return `${name}：${shareText(dataIndex)}`;
      },
    },
    series: [
      {
        type: 'pie',
        radius: ['35%', '60%'],
        label: { formatter: (params) => `${params.name}\n${shareText(params.dataIndex)}`, overflow: 'none' },
        data: slices.map((role) => ({ name: PRODUCT_ROLE_NAMES[role.role as ProductRole] ?? role.role, value: yuan(role.salesFen) })),
      },
    ],
  };
}
