import type { ChannelReport, ChannelReportRow } from '../../api/channels';
import type { EChartOption } from '../../components/charts';

const yuan = (fen: number) => Math.round(fen) / 100;
const yuanLabel = (value: number) => (Math.abs(value) >= 10_000 ? `${(value / 10_000).toFixed(1)}万` : String(value));

/** 计划GMV vs 实际GMV per channel, with the progress % over the actual bars. */
export function planVsActualOption(rows: readonly ChannelReportRow[]): EChartOption {
  return {
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value) => `¥${Number(value).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`,
    },
    legend: { data: ['计划GMV', '实际GMV'], top: 0 },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    // Every name shown, wrapped within its share of the axis.
    xAxis: {
      type: 'category',
      data: rows.map((row) => row.channelName),
      axisLabel: { interval: 0, width: Math.max(40, Math.floor(440 / Math.max(rows.length, 1)) - 8), overflow: 'break', lineHeight: 14 },
    },
    yAxis: { type: 'value', axisLabel: { formatter: (value: number) => `¥${yuanLabel(value)}` } },
    series: [
      { name: '计划GMV', type: 'bar', data: rows.map((row) => yuan(row.plannedGmvFen)), itemStyle: { color: '#d9d9d9' }, barGap: '10%' },
      {
        name: '实际GMV',
        type: 'bar',
        data: rows.map((row) => yuan(row.gmvFen)),
        itemStyle: { color: '#1677ff' },
        label: {
          show: true,
          position: 'top',
          formatter: (params) => {
            const progress = rows[params.dataIndex]?.gmvProgress;
            return progress === null || progress === undefined ? '' : `${progress.toFixed(0)}%`;
          },
        },
      },
    ],
  };
}

/** "61（上一步的 0.6%）": a step's count and its rate from the step before. */
function stepText(value: number, previous: number | null): string {
  const count = value.toLocaleString('zh-CN');
  if (previous === null) return count;
  return previous > 0 ? `${count}（${((value / previous) * 100).toFixed(1)}%）` : count;
}

/** "注册  61（上一步的 0.6%）" for each step of a funnel. */
export function funnelTexts(steps: readonly { name: string; value: number }[]): string[] {
  return steps.map((step, index) => `${step.name}  ${stepText(step.value, index === 0 ? null : (steps[index - 1]?.value ?? null))}`);
}

/**
 * A funnel whose first step is often 50–100× the last: the shapes are drawn as even steps (the widths would
 * otherwise be slivers) and the labels carry the real counts and each step's rate from the one before.
 */
export function evenFunnelOption(steps: readonly { name: string; value: number }[]): EChartOption {
  const texts = funnelTexts(steps);
  return {
    tooltip: { trigger: 'item', formatter: (params) => texts[(params as { dataIndex: number }).dataIndex] ?? '' },
    series: [
      {
        type: 'funnel',
        sort: 'none',
        left: '8%',
        width: '84%',
        top: 8,
        bottom: 8,
        min: 0,
        max: steps.length,
        minSize: '30%',
        gap: 3,
        label: { show: true, position: 'inside', formatter: (params) => texts[params.dataIndex] ?? '', color: '#fff', fontSize: 13 },
        data: steps.map((step, index) => ({ name: step.name, value: steps.length - index })),
      },
    ],
  };
}

/** 触达 → 扫码/点击 → 注册 → 首单 → 复购 of one channel. */
export function funnelOption(row: ChannelReportRow): EChartOption {
  return evenFunnelOption([
    { name: '触达', value: row.funnel.reach },
    { name: '扫码/点击', value: row.funnel.touches },
    { name: '注册', value: row.funnel.newMembers },
    { name: '首单', value: row.funnel.firstOrderMembers },
    { name: '复购', value: row.funnel.repurchaseMembers },
  ]);
}

export type DailyMetric = 'gmvFen' | 'newMembers';

/** The daily series per channel (GMV in yuan or new members), every day of the range on the axis. */
export function dailyOption(report: ChannelReport, rows: readonly ChannelReportRow[], metric: DailyMetric, from: string, to: string): EChartOption {
  const dates: string[] = [];
  for (let day = new Date(`${from}T00:00:00Z`); day <= new Date(`${to}T00:00:00Z`); day.setUTCDate(day.getUTCDate() + 1))
    dates.push(day.toISOString().slice(0, 10));
  const index = new Map(dates.map((date, position) => [date, position]));
  const series = rows.map((row) => {
    const values = dates.map(() => 0);
    for (const day of report.daily) {
      const position = index.get(day.date);
      if (day.channelId === row.channelId && position !== undefined)
        values[position] = (values[position] ?? 0) + (metric === 'gmvFen' ? yuan(day.gmvFen) : day.newMembers);
    }
    return { name: row.channelName, type: 'line' as const, showSymbol: false, data: values };
  });
  return {
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: dates.map((date) => date.slice(5)), boundaryGap: false },
    yAxis: {
      type: 'value',
      minInterval: metric === 'newMembers' ? 1 : 0,
      axisLabel: { formatter: (value: number) => (metric === 'gmvFen' ? `¥${yuanLabel(value)}` : String(value)) },
    },
    series,
  };
}
