import type { ChannelReportRow } from '../../api/channels';
import type { EChartOption } from '../../components/charts';
import { yuan } from './report-charts';

/** The 渠道报表's extra charts (issue 16): members and GMV per channel, CAC and ROI per channel. */

const yuanAxis = (value: number): string => (Math.abs(value) >= 10_000 ? `¥${(value / 10_000).toFixed(1)}万` : `¥${value}`);
const axisNames = (rows: readonly ChannelReportRow[]) => ({
  type: 'category' as const,
  data: rows.map((row) => row.channelName),
  axisLabel: { interval: 0, width: Math.max(40, Math.floor(440 / Math.max(rows.length, 1)) - 8), overflow: 'break' as const, lineHeight: 14 },
});

/** New members (left axis) and GMV in yuan (right axis) per channel, as bars. */
export function membersGmvOption(rows: readonly ChannelReportRow[]): EChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: ['新会员', 'GMV'], top: 0 },
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    xAxis: axisNames(rows),
    yAxis: [
      { type: 'value', name: '新会员', minInterval: 1 },
      { type: 'value', name: 'GMV', axisLabel: { formatter: yuanAxis }, splitLine: { show: false } },
    ],
    series: [
      { name: '新会员', type: 'bar', data: rows.map((row) => row.newMembers), itemStyle: { color: '#13c2c2' } },
      {
        name: 'GMV',
        type: 'bar',
        yAxisIndex: 1,
        data: rows.map((row) => yuan(row.gmvFen)),
        itemStyle: { color: '#1677ff' },
        tooltip: { valueFormatter: (value) => `¥${Number(value).toFixed(2)}` },
      },
    ],
  };
}

/** CAC in yuan (bars, left axis) and ROI as a multiple (line, right axis) per channel; gaps where there is none. */
export function cacRoiOption(rows: readonly ChannelReportRow[]): EChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: ['CAC', 'ROI'], top: 0 },
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    xAxis: axisNames(rows),
    yAxis: [
      { type: 'value', name: 'CAC', axisLabel: { formatter: yuanAxis } },
      { type: 'value', name: 'ROI', splitLine: { show: false }, axisLabel: { formatter: (value: number) => `${value}×` } },
    ],
    series: [
      {
        name: 'CAC',
        type: 'bar',
        data: rows.map((row) => (row.cacFen === null ? null : yuan(row.cacFen))),
        itemStyle: { color: '#fa8c16' },
        tooltip: { valueFormatter: (value) => (value === null || value === undefined ? '—' : `¥${Number(value).toFixed(2)}`) },
      },
      {
        name: 'ROI',
        type: 'line',
        yAxisIndex: 1,
        connectNulls: false,
        data: rows.map((row) => row.roi),
        itemStyle: { color: '#722ed1' },
        label: {
          show: true,
          position: 'top',
          formatter: (params) => (params.value === null || params.value === undefined ? '' : Number(params.value).toFixed(2)),
        },
        tooltip: { valueFormatter: (value) => (value === null || value === undefined ? '—' : Number(value).toFixed(2)) },
      },
    ],
  };
}
