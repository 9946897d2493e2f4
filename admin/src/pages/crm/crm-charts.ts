import type { EChartOption } from '../../components/charts';
import type { LifecycleStageView, RfmCellView, ScoreBucket } from './crm-api';

/** 会员占比 vs GMV 占比 per RFM cell (percent, one decimal). */
export function rfmShareOption(cells: readonly RfmCellView[]): EChartOption {
  const pct = (bp: number) => Math.round(bp / 10) / 10;
  return {
    tooltip: { trigger: 'axis', valueFormatter: (value) => `${Number(value).toFixed(1)}%` },
    legend: { data: ['会员占比', 'GMV 占比'], top: 0 },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: cells.map((cell) => cell.name), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    series: [
      { name: '会员占比', type: 'bar', data: cells.map((cell) => pct(cell.memberShareBp)), itemStyle: { color: '#1677ff' } },
      { name: 'GMV 占比', type: 'bar', data: cells.map((cell) => pct(cell.gmvShareBp)), itemStyle: { color: '#faad14' } },
    ],
  };
}

/** Members per 1–5 score of one of R / F / M. */
export function scoreOption(buckets: readonly ScoreBucket[], color: string): EChartOption {
  const byScore = new Map(buckets.map((bucket) => [bucket.score, bucket.members]));
  return {
    tooltip: { trigger: 'axis', valueFormatter: (value) => `${Number(value).toLocaleString('zh-CN')} 人` },
    grid: { left: 8, right: 8, top: 16, bottom: 4, containLabel: true },
    xAxis: { type: 'category', data: [1, 2, 3, 4, 5].map((score) => `${score} 分`) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: [1, 2, 3, 4, 5].map((score) => byScore.get(score) ?? 0), itemStyle: { color }, barWidth: '55%' }],
  };
}

const STAGE_COLORS = ['#bfbfbf', '#52c41a', '#1677ff', '#faad14', '#fa8c16', '#f5222d'];

/** Members per lifecycle stage, in stage order, with the share on each bar. */
export function lifecycleOption(stages: readonly LifecycleStageView[]): EChartOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (value) => `${Number(value).toLocaleString('zh-CN')} 人` },
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: stages.map((stage) => stage.name), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        barWidth: '50%',
        data: stages.map((stage, index) => ({ value: stage.members, itemStyle: { color: STAGE_COLORS[index % STAGE_COLORS.length] } })),
        label: {
          show: true,
          position: 'top',
          formatter: (params) => {
            const stage = stages[params.dataIndex];
            return stage ? `${(stage.shareBp / 100).toFixed(1)}%` : '';
          },
        },
      },
    ],
  };
}
