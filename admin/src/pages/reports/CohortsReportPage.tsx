import { Card, Select, Space, Table, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState } from 'react';
import { reportsApi } from '../../api/reports';
import { EChart } from '../../components/charts';
import { money } from '../../format';
import { useApiData } from '../../hooks/use-api-data';
import { useReportRange } from './RangePicker';
import { ReportCsvButton, ReportEmpty, ReportError, ReportHeader } from './report-kit';
import { countText, heatMapRows, ltvOption, monthsSinceCount, type HeatCell } from './report-charts';

type HeatRow = ReturnType<typeof heatMapRows>[number];

/** 留存与 LTV: cohorts by month of first paid order × months since (a heat map of %), and LTV curves per channel. */
export function CohortsReportPage() {
  const [range, setRange] = useReportRange();
  const [channelId, setChannelId] = useState<number | null>(null);
  const { data, isLoading, error, reload } = useApiData((signal) => reportsApi.cohorts({ ...range, channelId }, signal), [range.from, range.to, channelId]);
  const [channels, setChannels] = useState<{ value: number; label: string }[]>([]);
  useEffect(() => {
    if (data && channelId === null) setChannels(data.ltvByChannel.map((row) => ({ value: row.channelId, label: row.channelName })));
  }, [data, channelId]);
  const rows = useMemo(() => (data ? heatMapRows(data) : []), [data]);
  const width = data ? monthsSinceCount(data) : 0;
  const ltv = useMemo(() => (data ? ltvOption(data) : null), [data]);

  const columns: ColumnsType<HeatRow> = [
    { title: '首单月份', dataIndex: 'month', fixed: 'left', width: 96 },
    { className: 'nowrap', title: '会员数', dataIndex: 'members', align: 'right', width: 80, render: countText },
    ...Array.from({ length: width }, (_, k) => ({
      title: k === 0 ? '当月' : `+${k} 月`,
      key: `m${k}`,
      align: 'center' as const,
      width: 72,
      onCell: (row: HeatRow) => {
        const cell = row.cells[k];
        return { style: cell ? { background: cell.background, color: cell.color } : {} };
      },
      render: (_: unknown, row: HeatRow) => {
        const cell: HeatCell | null | undefined = row.cells[k];
        return cell ? <Tooltip title={`${countText(cell.active)} 人下单`}>{cell.text}</Tooltip> : '';
      },
    })),
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ReportHeader
        title="留存与 LTV"
        hint="同期群 = 首次支付所在月份的会员；第 k 月留存 = 其中在首单后第 k 个月仍有支付订单的会员占比。LTV = 截至第 k 月人均累计（支付 − 退款）。"
        range={range}
        onRange={setRange}
        extra={
          <>
            <Select<number | null>
              style={{ width: 180 }}
              value={channelId}
              onChange={setChannelId}
              options={[{ value: null, label: '全部渠道' }, ...channels]}
              aria-label="获客渠道"
            />
            <ReportCsvButton name="cohorts" query={{ ...range, channelId }} />
          </>
        }
      />
      {error && !data ? (
        <ReportError error={error} onRetry={reload} />
      ) : (
        <>
          <Card title="留存热力表" size="small">
            <Table<HeatRow>
              rowKey="month"
              size="small"
              bordered
              loading={isLoading}
              dataSource={rows}
              pagination={false}
              scroll={{ x: 'max-content' }}
              columns={columns}
              data-testid="cohort-heatmap"
              locale={{ emptyText: <ReportEmpty description="所选月份内还没有首单会员" /> }}
            />
          </Card>
          <Card title="各获客渠道 LTV 曲线（人均累计净支付）" size="small" loading={isLoading && !data}>
            {ltv && data && data.ltvByChannel.length > 0 ? (
              <EChart option={ltv} height={340} testId="chart-ltv" ariaLabel="各获客渠道的 LTV 曲线" />
            ) : (
              <ReportEmpty description="还没有可计算 LTV 的会员" />
            )}
            {data && data.ltvByChannel.length > 0 && (
              <Table
                rowKey="channelId"
                size="small"
                style={{ marginTop: 12 }}
                dataSource={data.ltvByChannel}
                pagination={false}
                data-testid="ltv-table"
                columns={[
                  { title: '获客渠道', dataIndex: 'channelName' },
                  { className: 'nowrap', title: '会员数', dataIndex: 'members', align: 'right', render: countText },
                  { className: 'nowrap', title: '首月 LTV', key: 'first', align: 'right', render: (_, row) => money(row.ltvFen[0] ?? null) },
                  { className: 'nowrap', title: '最新 LTV', key: 'last', align: 'right', render: (_, row) => money(row.ltvFen.at(-1) ?? null) },
                  { className: 'nowrap', title: '覆盖月数', key: 'months', align: 'right', render: (_, row) => row.ltvFen.length },
                ]}
              />
            )}
          </Card>
        </>
      )}
    </Space>
  );
}
