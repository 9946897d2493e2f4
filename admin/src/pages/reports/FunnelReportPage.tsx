import { FUNNEL_STEP_LABELS, FUNNEL_STEPS, type FunnelStep } from '@siyu/shared';
import { Card, Col, Row, Select, Space, Statistic, Table } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { reportsApi, type FunnelRow } from '../../api/reports';
import { EChart } from '../../components/charts';
import { useApiData } from '../../hooks/use-api-data';
import { useReportRange } from './RangePicker';
import { ReportCsvButton, ReportEmpty, ReportError, ReportHeader } from './report-kit';
import { countText, funnelChartOption, rateText } from './report-charts';

const stepColumns = <T extends Record<FunnelStep, number>>() => [
  ...FUNNEL_STEPS.map((step) => ({
    className: 'nowrap',
    title: FUNNEL_STEP_LABELS[step],
    key: step,
    align: 'right' as const,
    render: (_: unknown, row: T) => countText(row[step]),
  })),
  {
    className: 'nowrap',
    title: '支付转化率',
    key: 'rate',
    align: 'right' as const,
    render: (_: unknown, row: T) => rateText(row.visit > 0 ? row.paid / row.visit : 0),
  },
];

/** 转化漏斗: 访客 → 浏览商品 → 加入购物车 → 提交订单 → 支付, in total, per channel and per day; a channel filter. */
export function FunnelReportPage() {
  const [range, setRange] = useReportRange();
  const [channelId, setChannelId] = useState<number | null>(null);
  const { data, isLoading, error, reload } = useApiData((signal) => reportsApi.funnel({ ...range, channelId }, signal), [range.from, range.to, channelId]);
  // The filter's choices: every channel seen in an unfiltered answer.
  const [channels, setChannels] = useState<{ value: number; label: string }[]>([]);
  useEffect(() => {
    if (data && channelId === null) setChannels(data.channels.map((row) => ({ value: row.channelId, label: row.channelName })));
  }, [data, channelId]);
  const option = useMemo(() => (data ? funnelChartOption(data.total) : null), [data]);
  const hasData = !!data && data.total.visit + data.total.paid > 0;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ReportHeader
        title="转化漏斗"
        hint="每一步为所选日期内到达该步骤的去重访客（已登录为会员，否则为设备）；支付来自已支付订单。转化率 = 支付 ÷ 访客。"
        range={range}
        onRange={setRange}
        extra={
          <>
            <Select<number | null>
              style={{ width: 180 }}
              value={channelId}
              onChange={setChannelId}
              options={[{ value: null, label: '全部渠道' }, ...channels]}
              aria-label="渠道"
              data-testid="funnel-channel"
            />
            <ReportCsvButton name="funnel" query={{ ...range, channelId }} />
          </>
        }
      />
      {error && !data ? (
        <ReportError error={error} onRetry={reload} />
      ) : (
        <>
          <Row gutter={16}>
            <Col xs={24} xl={10}>
              <Card title="整体漏斗" size="small" loading={isLoading && !data}>
                {hasData && option ? (
                  <EChart option={option} height={340} testId="chart-report-funnel" ariaLabel="访客到支付的转化漏斗" />
                ) : (
                  <ReportEmpty description="所选日期内还没有访客数据" testId="funnel-empty" />
                )}
              </Card>
            </Col>
            <Col xs={24} xl={14}>
              <Card title="按渠道" size="small">
                <Table<FunnelRow>
                  rowKey="channelId"
                  size="small"
                  loading={isLoading}
                  dataSource={data?.channels ?? []}
                  pagination={false}
                  scroll={{ x: 'max-content', y: 300 }}
                  data-testid="funnel-channels"
                  locale={{ emptyText: <ReportEmpty description="没有渠道数据" /> }}
                  columns={[
                    { title: '渠道', dataIndex: 'channelName', fixed: 'left', width: 140 },
                    ...stepColumns<FunnelRow['steps']>().map((column) => ({ ...column, render: (_: unknown, row: FunnelRow) => column.render(_, row.steps) })),
                  ]}
                />
              </Card>
            </Col>
          </Row>
          <Card title="每日漏斗" size="small">
            <Row gutter={16} style={{ marginBottom: 12 }}>
              {FUNNEL_STEPS.map((step) => (
                <Col key={step} xs={12} md={4}>
                  <Statistic title={FUNNEL_STEP_LABELS[step]} value={countText(data?.total[step] ?? 0)} />
                </Col>
              ))}
              <Col xs={12} md={4}>
                <Statistic title="支付转化率" value={rateText(data && data.total.visit > 0 ? data.total.paid / data.total.visit : 0)} />
              </Col>
            </Row>
            <Table<FunnelReportDay>
              rowKey="day"
              size="small"
              loading={isLoading}
              dataSource={data?.days ?? []}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              scroll={{ x: 'max-content' }}
              data-testid="funnel-days"
              locale={{ emptyText: <ReportEmpty description="所选日期内没有数据" /> }}
              columns={[{ title: '日期', dataIndex: 'day', width: 120 }, ...stepColumns<FunnelReportDay>()]}
            />
          </Card>
        </>
      )}
    </Space>
  );
}

type FunnelReportDay = { day: string } & Record<FunnelStep, number>;
