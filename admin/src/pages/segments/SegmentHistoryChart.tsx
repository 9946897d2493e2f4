import { Empty, Spin } from 'antd';
import { useMemo } from 'react';
import { EChart, type EChartOption } from '../../components/charts';
import { useApiData } from '../../hooks/use-api-data';
import { segmentsApi } from './segments-api';

/** A saved segment's members over time (one point a day, counted nightly). Its own chunk: it carries ECharts. */
export function SegmentHistoryChart({ segmentId }: { segmentId: number }) {
  const { data, isLoading } = useApiData((signal) => segmentsApi.history(segmentId, signal), [segmentId]);
  const points = useMemo(() => data?.points ?? [], [data]);
  const option = useMemo<EChartOption>(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (value) => `${Number(value).toLocaleString('zh-CN')} 人` },
      grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: points.map((point) => point.day.slice(5)), boundaryGap: false },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (value: number) => `${value.toLocaleString('zh-CN')}` } },
      series: [
        { name: '人数', type: 'line', data: points.map((point) => point.members), smooth: true, areaStyle: { opacity: 0.12 }, showSymbol: points.length < 40 },
      ],
    }),
    [points],
  );
  if (isLoading && !data) return <Spin />;
  if (points.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有每日人数记录（每晚统计一次）" />;
  return <EChart option={option} height={260} ariaLabel="分群人数趋势" testId="segment-history-chart" />;
}
