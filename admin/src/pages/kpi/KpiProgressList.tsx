import { KPI_METRIC_LABELS, type KpiReport } from '@siyu/shared';
import { Empty, Progress, Space, Tag, Typography } from 'antd';
import { formatKpiValue, PACE_LABELS, paceText, percent, progressPercent } from '../dashboard/metric-format';

/** Each KPI metric of a month: actual against target as a bar, the time gone as a marker line, and the pace. */
export function KpiProgressList({ report }: { report: KpiReport }) {
  if (report.metrics.length === 0) return <Empty description="本月暂无目标" />;
  const elapsed = progressPercent(report.metrics[0]?.timeElapsed ?? report.daysElapsed / report.daysInMonth);
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Text type="secondary" data-testid="kpi-elapsed">
        {report.month} · 已过 {report.daysElapsed} / {report.daysInMonth} 天（{elapsed}%）
      </Typography.Text>
      {report.metrics.map((item) => (
        <div key={item.metric} data-testid={`kpi-${item.metric}`}>
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Text strong>{KPI_METRIC_LABELS[item.metric]}</Typography.Text>
            <span>
              {formatKpiValue(item.metric, item.actual)}
              <Typography.Text type="secondary"> / {item.target === null ? '未设目标' : formatKpiValue(item.metric, item.target)}</Typography.Text>
            </span>
          </Space>
          <Progress
            percent={progressPercent(item.progress)}
            status={item.pace === 'behind' ? 'exception' : item.progress !== null && item.progress >= 1 ? 'success' : 'normal'}
            format={() => (item.progress === null ? '—' : percent(item.progress))}
            aria-label={`${KPI_METRIC_LABELS[item.metric]}完成度`}
          />
          {item.target !== null && (
            <Space size={4}>
              {item.pace && <Tag color={PACE_LABELS[item.pace].color}>{PACE_LABELS[item.pace].text}</Tag>}
              <Typography.Text type="secondary">{paceText(item)}</Typography.Text>
            </Space>
          )}
        </div>
      ))}
    </Space>
  );
}
