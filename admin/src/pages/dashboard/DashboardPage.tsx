import {
  chinaDate,
  OVERVIEW_METRIC_LABELS,
  OVERVIEW_METRICS,
  presetRange,
  type DashboardBreakdown,
  type DashboardOverview,
  type OverviewMetric,
} from '@siyu/shared';
import { Alert, Button, Card, Col, Empty, Row, Segmented, Skeleton, Space, Statistic, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { dashboardApi } from '../../api/dashboard';
import { homeApi } from '../../api/home';
import { useSession } from '../../auth/SessionProvider';
import { EChart } from '../../components/charts';
import { formatTime, money } from '../../format';
import { useApiData } from '../../hooks/use-api-data';
import { homeCards } from '../home/HomePage';
import { KpiProgressList } from '../kpi/KpiProgressList';
import { RangeBar, type DayRange } from './RangeBar';
import { changeView, count, formatMetric, linkedRange, TREND_SERIES, trendOption, type TrendSeries } from './metric-format';

/** Where a card's drill-down leads: the report or list page that explains the figure. */
function drillLinks(
  metric: OverviewMetric,
  range: DayRange,
): { to: string; label: string; permission: 'orders:read' | 'reports:read' | 'members:read' | 'channels:read' }[] {
  const q = `from=${range.from}&to=${range.to}`;
  const channels = { to: '/channels/report', label: '渠道报表', permission: 'channels:read' as const };
  switch (metric) {
    case 'gmvFen':
    case 'netGmvFen':
    case 'paidOrders':
    case 'aovFen':
      return [
        { to: `/orders?${q}`, label: '查看订单', permission: 'orders:read' },
        { to: `/reports/products?${q}`, label: '商品分析', permission: 'reports:read' },
        channels,
      ];
    case 'payingMembers':
    case 'repurchaseRate':
      return [
        { to: `/reports/repurchase?${q}`, label: '复购分析', permission: 'reports:read' },
        { to: `/reports/cohorts?${q}`, label: '留存与 LTV', permission: 'reports:read' },
      ];
    case 'visitors':
    case 'conversionRate':
      return [{ to: `/reports/funnel?${q}`, label: '转化漏斗', permission: 'reports:read' }, channels];
    case 'newMembers':
      return [
        { to: '/members', label: '会员列表', permission: 'members:read' },
        { to: `/reports/members?${q}`, label: '会员分析', permission: 'reports:read' },
        channels,
      ];
  }
}

function MetricCard({
  overview,
  metric,
  selected,
  onSelect,
}: {
  overview: DashboardOverview;
  metric: OverviewMetric;
  selected: boolean;
  onSelect: () => void;
}) {
  const value = overview[metric];
  const change = changeView(value.change);
  return (
    <Card
      hoverable
      size="small"
      onClick={onSelect}
      data-testid={`metric-${metric}`}
      style={selected ? { borderColor: '#1677ff', boxShadow: '0 0 0 1px #1677ff' } : undefined}
      role="button"
      aria-pressed={selected}
      tabIndex={0}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') onSelect();
      }}
    >
      <Statistic title={OVERVIEW_METRIC_LABELS[metric]} value={formatMetric(metric, value.value)} />
      <Space size={8} wrap>
        <Typography.Text style={{ color: change.color }} data-testid={`metric-${metric}-change`}>
          {change.text}
        </Typography.Text>
        <Typography.Text type="secondary">上期 {formatMetric(metric, value.previous)}</Typography.Text>
      </Space>
    </Card>
  );
}

function BreakdownTable({ breakdown }: { breakdown: DashboardBreakdown }) {
  return (
    <Table
      size="small"
      rowKey="channelId"
      data-testid="breakdown-table"
      pagination={false}
      dataSource={breakdown.channels}
      locale={{ emptyText: <Empty description="该时间段暂无渠道数据" /> }}
      columns={[
        { title: '渠道', dataIndex: 'channelName' },
        { title: 'GMV', dataIndex: 'gmvFen', align: 'right', render: (fen: number) => money(fen) },
        { title: '净 GMV', dataIndex: 'netGmvFen', align: 'right', render: (fen: number) => money(fen) },
        { title: '支付订单', dataIndex: 'paidOrders', align: 'right', render: (value: number) => count(value) },
        { title: '支付会员', dataIndex: 'payingMembers', align: 'right', render: (value: number) => count(value) },
        { title: '新增会员', dataIndex: 'newMembers', align: 'right', render: (value: number) => count(value) },
        { title: '访客', dataIndex: 'visitors', align: 'right', render: (value: number) => count(value) },
      ]}
    />
  );
}

/** A failed load as a sentence (never the raw code). */
function failureText(error: unknown): string {
  return error instanceof ApiError ? error.friendlyMessage : '加载失败，请稍后重试';
}

/** 数据概况: the console's landing page for staff who read data — today's to-dos, nine figures, trend, drill-down, this month's KPI. */
export function DashboardPage() {
  const { staff, can } = useSession();
  const [searchParams] = useSearchParams();
  // A link may name the range (the 日报's ?from&to); a bad or missing one falls back to 近 7 天.
  const [linked] = useState(() => linkedRange(searchParams.get('from'), searchParams.get('to')));
  const [range, setRange] = useState<DayRange>(() => linked ?? presetRange('7d', new Date()));
  const [series, setSeries] = useState<TrendSeries>('gmvFen');
  const [selected, setSelected] = useState<OverviewMetric | null>(null);
  const month = chinaDate(new Date()).slice(0, 7);

  const home = useApiData((signal) => homeApi.summary(signal), []);
  const overview = useApiData((signal) => dashboardApi.overview(range, signal), [range.from, range.to]);
  const kpi = useApiData((signal) => dashboardApi.kpi(month, signal), [month]);
  const breakdown = useApiData(
    (signal) => (selected ? dashboardApi.breakdown(range, signal) : Promise.resolve(undefined)),
    [selected !== null, range.from, range.to],
  );
  const cards = home.data ? homeCards(home.data) : [];
  const data = overview.data;
  const option = useMemo(() => trendOption(data?.trend ?? [], series), [data, series]);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          数据概况
          {staff ? (
            <Typography.Text type="secondary" style={{ fontSize: 14, marginLeft: 12 }}>
              {staff.displayName}，你好
            </Typography.Text>
          ) : null}
        </Typography.Title>
        <Typography.Text type="secondary" data-testid="dashboard-as-of">
          {data ? (data.asOf ? `数据更新于 ${formatTime(data.asOf)}` : '数据尚未汇总') : ''}
        </Typography.Text>
      </Space>

      {cards.length > 0 && (
        <Card size="small" title="今日待办" data-testid="dashboard-todo">
          <Row gutter={[12, 12]}>
            {cards.map((card) => (
              <Col key={card.key} xs={24} sm={12} xl={6}>
                <Link to={card.to} aria-label={`${card.title}：${String(card.value)}，查看`} data-testid={`home-card-${card.key}`}>
                  <Card hoverable size="small">
                    <Statistic title={card.title} value={card.value as number} prefix={card.icon} />
                    <Typography.Text type="secondary">{card.hint}</Typography.Text>
                  </Card>
                </Link>
              </Col>
            ))}
          </Row>
        </Card>
      )}

      <Card size="small">
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <RangeBar value={range} initialChoice={linked ? 'custom' : '7d'} onChange={(next) => setRange(next)} />
          <Typography.Text type="secondary" data-testid="dashboard-range">
            {range.from === range.to ? range.from : `${range.from} 至 ${range.to}`}
            {data ? `（对比 ${data.previous.from === data.previous.to ? data.previous.from : `${data.previous.from} 至 ${data.previous.to}`}）` : ''}
          </Typography.Text>
        </Space>
      </Card>

      {overview.error && !overview.isLoading ? (
        <Alert
          type="error"
          showIcon
          title={`数据概况加载失败：${failureText(overview.error)}`}
          action={<Button onClick={overview.reload}>重试</Button>}
          data-testid="dashboard-error"
        />
      ) : !data ? (
        <Card>
          <Skeleton active paragraph={{ rows: 4 }} />
        </Card>
      ) : (
        <>
          <Row gutter={[12, 12]} data-testid="dashboard-metrics">
            {OVERVIEW_METRICS.map((metric) => (
              <Col key={metric} xs={24} sm={12} lg={8} xxl={8}>
                <MetricCard overview={data} metric={metric} selected={selected === metric} onSelect={() => setSelected(selected === metric ? null : metric)} />
              </Col>
            ))}
          </Row>

          {selected && (
            <Card
              size="small"
              title={`${OVERVIEW_METRIC_LABELS[selected]} · 按渠道拆分`}
              data-testid="dashboard-drilldown"
              extra={
                <Space wrap>
                  {drillLinks(selected, range)
                    .filter((link) => can(link.permission))
                    .map((link) => (
                      <Link key={link.to} to={link.to}>
                        {link.label}
                      </Link>
                    ))}
                  <Button size="small" onClick={() => setSelected(null)}>
                    收起
                  </Button>
                </Space>
              }
            >
              {breakdown.error && !breakdown.isLoading ? (
                <Alert type="error" showIcon title={`渠道拆分加载失败：${failureText(breakdown.error)}`} />
              ) : breakdown.data ? (
                <BreakdownTable breakdown={breakdown.data} />
              ) : (
                <Skeleton active />
              )}
            </Card>
          )}

          <Row gutter={[12, 12]}>
            <Col xs={24} xl={16}>
              <Card
                size="small"
                title="趋势"
                extra={<Segmented<TrendSeries> options={TREND_SERIES} value={series} onChange={setSeries} data-testid="trend-series" />}
              >
                <EChart
                  option={option}
                  height={300}
                  testId="dashboard-trend"
                  ariaLabel={`${TREND_SERIES.find((item) => item.value === series)?.label ?? ''}每日趋势`}
                />
              </Card>
            </Col>
            <Col xs={24} xl={8}>
              <Card
                size="small"
                title={`本月目标（${month}）`}
                extra={<Link to="/kpi">{can('reports:targets') ? '设置目标' : '查看'}</Link>}
                data-testid="dashboard-kpi"
              >
                {kpi.error && !kpi.isLoading ? (
                  <Alert type="warning" showIcon title={`目标进度加载失败：${failureText(kpi.error)}`} />
                ) : kpi.data ? (
                  <KpiProgressList report={kpi.data} />
                ) : (
                  <Skeleton active />
                )}
              </Card>
            </Col>
          </Row>
        </>
      )}
    </Space>
  );
}
