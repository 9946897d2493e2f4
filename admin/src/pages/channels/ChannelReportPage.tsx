import { CHANNEL_KIND_LABELS } from '@siyu/shared';
import { Card, Col, DatePicker, Empty, Progress, Row, Segmented, Select, Space, Statistic, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { channelsApi, type AttributionModel, type ChannelReportRow } from '../../api/channels';
import { EChart } from '../../components/charts';
import { CsvDownloadButton } from '../../components/CsvDownloadButton';
import { money } from '../../format';
import { useApiData } from '../../hooks/use-api-data';
import { AttributionWindow } from './AttributionWindow';
import { count, percent, roiText } from './channel-labels';
import { dailyOption, funnelOption, planVsActualOption, type DailyMetric } from './report-charts';
import { cacRoiOption, membersGmvOption } from '../reports/channel-charts';

/** A row's key: its channel id, or 自然流量's. */
const rowKeyOf = (row: ChannelReportRow): string => (row.channelId === null ? 'unattributed' : String(row.channelId));

const MODEL_OPTIONS: { value: AttributionModel; label: string }[] = [
  { value: 'first', label: '首次触达' },
  { value: 'last', label: '末次触达' },
];

/** A plan figure over its progress bar (one column for both keeps the table within the page). */
const planCell = (plan: string, progress: number | null) => (
  <div style={{ minWidth: 96 }}>
    <div style={{ textAlign: 'right' }}>{plan}</div>
    {progress === null || !Number.isFinite(progress) ? null : (
      <Progress percent={Math.min(progress, 100)} size="small" format={() => percent(progress)} style={{ margin: 0 }} />
    )}
  </div>
);

/** 渠道报表: totals, plan vs actual, the funnel of one channel, the daily series and the table of every channel, with CSV export. */
export function ChannelReportPage() {
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(29, 'day'), dayjs()]);
  const [model, setModel] = useState<AttributionModel>('first');
  const [metric, setMetric] = useState<DailyMetric>('gmvFen');
  const [funnelKey, setFunnelKey] = useState<string | null>(null);
  const query = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD'), model };
  const { data, isLoading } = useApiData((signal) => channelsApi.report(query, signal), [query.from, query.to, model]);
  const rows = useMemo(() => data?.rows ?? [], [data]);
  const hasData = rows.some((row) => row.reach > 0 || row.touches > 0 || row.newMembers > 0 || row.orders > 0 || row.gmvFen !== 0);
  const funnelRow = rows.find((row) => rowKeyOf(row) === funnelKey) ?? rows.find((row) => row.channelId !== null) ?? rows[0];
  const totals = data?.totals;

  const planOption = useMemo(() => planVsActualOption(rows.filter((row) => row.channelId !== null)), [rows]);
  const funnel = useMemo(() => (funnelRow ? funnelOption(funnelRow) : null), [funnelRow]);
  const membersGmv = useMemo(() => membersGmvOption(rows), [rows]);
  const cacRoi = useMemo(() => cacRoiOption(rows.filter((row) => row.channelId !== null)), [rows]);
  const daily = useMemo(() => (data ? dailyOption(data, rows, metric, query.from, query.to) : null), [data, rows, metric, query.from, query.to]);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title="渠道报表"
        extra={
          <Space wrap>
            <DatePicker.RangePicker
              value={range}
              allowClear={false}
              disabledDate={(day) => day.isAfter(dayjs(), 'day')}
              onChange={(value) => value?.[0] && value[1] && setRange([value[0], value[1]])}
              presets={[
                { label: '近 7 天', value: [dayjs().subtract(6, 'day'), dayjs()] },
                { label: '近 30 天', value: [dayjs().subtract(29, 'day'), dayjs()] },
                { label: '近 90 天', value: [dayjs().subtract(89, 'day'), dayjs()] },
              ]}
              aria-label="报表日期"
            />
            <Segmented<AttributionModel> options={MODEL_OPTIONS} value={model} onChange={setModel} aria-label="归因模型" />
            <CsvDownloadButton download={(onProgress) => channelsApi.reportCsv(query, onProgress)} testId="channel-report-csv" />
          </Space>
        }
      >
        <Row gutter={[16, 16]} data-testid="channel-report-totals">
          {[
            { key: 'members', title: '新会员', value: count(totals?.newMembers ?? 0) },
            { key: 'orders', title: '订单', value: count(totals?.orders ?? 0) },
            { key: 'gmv', title: 'GMV', value: money(totals?.gmvFen ?? 0) },
            { key: 'cost', title: '成本', value: money(totals?.costFen ?? 0) },
            { key: 'cac', title: 'CAC', value: totals?.cacFen === null || totals?.cacFen === undefined ? '—' : money(totals.cacFen) },
            { key: 'roi', title: 'ROI', value: roiText(totals?.roi) },
          ].map((card) => (
            <Col key={card.key} xs={12} md={8} xl={4}>
              <Card size="small" loading={isLoading && !data}>
                <Statistic title={card.title} value={card.value} />
              </Card>
            </Col>
          ))}
        </Row>
        <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
          {model === 'first' ? '首次触达：会员注册前的第一个渠道获得该会员及其全部订单。' : '末次触达：每笔订单归属下单前归因窗口内的最后一个渠道。'}
          GMV = 实付 − 退款（按退款日期扣减），CAC = 成本 ÷ 新会员，ROI = GMV ÷ 成本。
        </Typography.Paragraph>
        <AttributionWindow />
      </Card>
      {!isLoading && !hasData ? (
        <Card>
          <Empty description="所选日期内还没有渠道数据" data-testid="channel-report-empty" />
        </Card>
      ) : (
        <>
          <Row gutter={16}>
            <Col xs={24} xl={14}>
              <Card title="计划 vs 实际 GMV" size="small" loading={isLoading && !data}>
                <EChart option={planOption} height={320} testId="chart-plan-vs-actual" ariaLabel="各渠道计划 GMV 与实际 GMV 对比柱状图" />
              </Card>
            </Col>
            <Col xs={24} xl={10}>
              <Card
                title="转化漏斗"
                size="small"
                loading={isLoading && !data}
                extra={
                  <Select<string>
                    size="small"
                    style={{ width: 180 }}
                    value={funnelRow ? rowKeyOf(funnelRow) : undefined}
                    onChange={setFunnelKey}
                    options={rows.map((row) => ({ value: rowKeyOf(row), label: row.channelName }))}
                    aria-label="漏斗渠道"
                  />
                }
              >
                {funnel && <EChart option={funnel} height={320} testId="chart-funnel" ariaLabel={`${funnelRow?.channelName ?? ''} 的转化漏斗`} />}
              </Card>
            </Col>
          </Row>
          <Card
            title="每日趋势"
            size="small"
            extra={
              <Segmented<DailyMetric>
                size="small"
                options={[
                  { value: 'gmvFen', label: 'GMV' },
                  { value: 'newMembers', label: '新会员' },
                ]}
                value={metric}
                onChange={setMetric}
                aria-label="趋势指标"
              />
            }
          >
            {daily && <EChart option={daily} height={300} testId="chart-daily" ariaLabel="各渠道每日趋势折线图" />}
          </Card>
          {/* Issue 16: members and GMV, CAC and ROI per channel (builders in pages/reports/channel-charts.ts). */}
          <Row gutter={16}>
            <Col xs={24} xl={12}>
              <Card title="各渠道新会员与 GMV" size="small">
                <EChart option={membersGmv} height={300} testId="chart-members-gmv" ariaLabel="各渠道新会员数与 GMV 柱状图" />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card title="各渠道 CAC 与 ROI" size="small">
                <EChart option={cacRoi} height={300} testId="chart-cac-roi" ariaLabel="各渠道获客成本与投资回报率图" />
              </Card>
            </Col>
          </Row>
        </>
      )}
      <Card title="渠道明细" size="small">
        <Table<ChannelReportRow>
          rowKey={rowKeyOf}
          size="small"
          loading={isLoading}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="channel-report-table"
          locale={{ emptyText: '没有渠道' }}
          columns={[
            {
              title: '渠道 / 类型',
              dataIndex: 'channelName',
              fixed: 'left',
              width: 150,
              // The kind under the name (one column less, so the table fits 1440 px).
              render: (name: string, row) => (
                <>
                  <div>{row.channelId === null ? name : <Link to={`/channels/${row.channelId}`}>{name}</Link>}</div>
                  {row.kind && <Typography.Text type="secondary">{CHANNEL_KIND_LABELS[row.kind]}</Typography.Text>}
                </>
              ),
            },
            { className: 'nowrap', title: '触达', dataIndex: 'reach', align: 'right', render: count },
            { className: 'nowrap', title: '扫码/点击', dataIndex: 'touches', align: 'right', render: count },
            { className: 'nowrap', title: '新会员', dataIndex: 'newMembers', align: 'right', render: count },
            { className: 'nowrap', title: '首单会员', dataIndex: 'firstOrderMembers', align: 'right', render: count },
            { className: 'nowrap', title: '复购会员', dataIndex: 'repurchaseMembers', align: 'right', render: count },
            { className: 'nowrap', title: '订单', dataIndex: 'orders', align: 'right', render: count },
            {
              className: 'nowrap',
              title: '实付 / 退款',
              key: 'paid',
              align: 'right',
              render: (_, row) => (
                <>
                  <div>{money(row.paidFen)}</div>
                  {row.refundedFen !== 0 && <Typography.Text type="secondary">−{money(row.refundedFen)}</Typography.Text>}
                </>
              ),
            },
            { className: 'nowrap', title: 'GMV', dataIndex: 'gmvFen', align: 'right', render: money },
            { className: 'nowrap', title: '成本', dataIndex: 'costFen', align: 'right', render: money },
            { className: 'nowrap', title: 'CAC', dataIndex: 'cacFen', align: 'right', render: money },
            { className: 'nowrap', title: 'ROI', dataIndex: 'roi', align: 'right', render: roiText },
            {
              className: 'nowrap',
              title: '计划会员 / 完成',
              key: 'memberPlan',
              align: 'right',
              render: (_, row) => planCell(count(row.plannedMembers), row.memberProgress),
            },
            {
              className: 'nowrap',
              title: '计划GMV / 完成',
              key: 'gmvPlan',
              align: 'right',
              render: (_, row) => planCell(money(row.plannedGmvFen), row.gmvProgress),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
