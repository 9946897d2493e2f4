import { PROMOTION_KIND_LABELS, PROMOTION_KINDS, type PromotionKind } from '@siyu/shared';
import { Card, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { reportsApi, type PromotionRow, type PromotionsReport } from '../../api/reports';
import { EChart } from '../../components/charts';
import { money } from '../../format';
import { useApiData } from '../../hooks/use-api-data';
import { useReportRange } from './RangePicker';
import { ReportCsvButton, ReportEmpty, ReportError, ReportHeader } from './report-kit';
import { budgetOption, countText } from './report-charts';

const KIND_COLORS: Readonly<Record<PromotionKind, string>> = { coupon: 'blue', store_promotion: 'green', promo_code: 'purple', flash_sale: 'volcano' };
type LiveRow = PromotionsReport['liveSessions'][number];

/** 促销效果: coupons, store promotions, promo codes and flash sales — claimed, used, GMV, discount vs budget, incremental GMV; live sessions. */
export function PromotionsReportPage() {
  const [range, setRange] = useReportRange();
  const [kind, setKind] = useState<PromotionKind | 'all'>('all');
  const { data, isLoading, error, reload } = useApiData((signal) => reportsApi.promotions(range, signal), [range.from, range.to]);
  const rows = useMemo(() => (data?.rows ?? []).filter((row) => kind === 'all' || row.kind === kind), [data, kind]);
  const budget = useMemo(() => budgetOption(rows), [rows]);
  const hasBudget = rows.some((row) => row.budgetFen !== null);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ReportHeader
        title="促销效果"
        hint="使用 = 所选日期内用到该促销的已支付订单；GMV 为这些订单的实付；优惠为让利金额；增量 GMV 与对照组（不触达）相比，仅在有对照组时显示。"
        range={range}
        onRange={setRange}
        extra={<ReportCsvButton name="promotions" query={{ ...range }} />}
      />
      {error && !data ? (
        <ReportError error={error} onRetry={reload} />
      ) : (
        <>
          <Card
            title="促销明细"
            size="small"
            extra={
              <Segmented<PromotionKind | 'all'>
                size="small"
                value={kind}
                onChange={setKind}
                options={[{ value: 'all', label: '全部' }, ...PROMOTION_KINDS.map((value) => ({ value, label: PROMOTION_KIND_LABELS[value] }))]}
                aria-label="促销类型"
              />
            }
          >
            <Table<PromotionRow>
              rowKey={(row) => `${row.kind}-${row.promotionId}`}
              size="small"
              loading={isLoading}
              dataSource={rows}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              scroll={{ x: 'max-content' }}
              data-testid="promotions-table"
              locale={{ emptyText: <ReportEmpty description="所选日期内没有促销数据" /> }}
              columns={[
                {
                  title: '类型',
                  dataIndex: 'kind',
                  width: 96,
                  render: (value: PromotionKind) => <Tag color={KIND_COLORS[value]}>{PROMOTION_KIND_LABELS[value]}</Tag>,
                },
                { title: '名称', dataIndex: 'name' },
                { className: 'nowrap', title: '领取', dataIndex: 'claimed', align: 'right', render: countText },
                { className: 'nowrap', title: '使用订单', dataIndex: 'orders', align: 'right', render: countText },
                { className: 'nowrap', title: '购买人数', dataIndex: 'buyers', align: 'right', render: countText },
                { className: 'nowrap', title: '带来 GMV', dataIndex: 'gmvFen', align: 'right', render: money },
                { className: 'nowrap', title: '优惠金额', dataIndex: 'discountFen', align: 'right', render: money },
                { className: 'nowrap', title: '预算', dataIndex: 'budgetFen', align: 'right', render: money },
                {
                  className: 'nowrap',
                  title: '增量 GMV（对照组）',
                  dataIndex: 'incrementalGmvFen',
                  align: 'right',
                  render: (value: number | null) => (value === null ? <Typography.Text type="secondary">无对照组</Typography.Text> : money(value)),
                },
              ]}
            />
          </Card>
          <Card title="优惠支出 vs 预算" size="small">
            {hasBudget ? (
              <EChart option={budget} height={300} testId="chart-promotion-budget" ariaLabel="各促销优惠支出与预算对比柱状图" />
            ) : (
              <ReportEmpty description="所选促销都没有设置预算" />
            )}
          </Card>
          <Card title="直播场次" size="small">
            <Table<LiveRow>
              rowKey="liveSessionId"
              size="small"
              loading={isLoading}
              dataSource={data?.liveSessions ?? []}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              data-testid="live-sessions-table"
              locale={{ emptyText: <ReportEmpty description="所选日期内没有直播" /> }}
              columns={[
                { title: '直播', dataIndex: 'name' },
                { className: 'nowrap', title: '订单', dataIndex: 'orders', align: 'right', render: countText },
                { className: 'nowrap', title: '购买人数', dataIndex: 'buyers', align: 'right', render: countText },
                { className: 'nowrap', title: 'GMV', dataIndex: 'gmvFen', align: 'right', render: money },
                { className: 'nowrap', title: '直播码使用', dataIndex: 'codeUses', align: 'right', render: countText },
              ]}
            />
          </Card>
        </>
      )}
    </Space>
  );
}
