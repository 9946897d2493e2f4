import { Card, Col, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { reportsApi, type RepurchaseReport } from '../../api/reports';
import { EChart } from '../../components/charts';
import { useApiData } from '../../hooks/use-api-data';
import { useReportRange } from './RangePicker';
import { ReportCsvButton, ReportEmpty, ReportError, ReportHeader } from './report-kit';
import { countText, histogramOption, rateText } from './report-charts';

type CategoryRow = RepurchaseReport['categories'][number];
const daysText = (days: number | null) => (days === null ? '—' : `${days} 天`);

/** 复购分析: 30/60/90-day repurchase rates, and per category the days between purchases (histogram, P25/median/P75). */
export function RepurchaseReportPage() {
  const [range, setRange] = useReportRange();
  const { data, isLoading, error, reload } = useApiData((signal) => reportsApi.repurchase(range, signal), [range.from, range.to]);
  const [categoryId, setCategoryId] = useState<number | null>(null);
  const categories = useMemo(() => data?.categories ?? [], [data]);
  const category = categories.find((row) => row.categoryId === categoryId) ?? categories[0];
  const histogram = useMemo(() => (category ? histogramOption(category) : null), [category]);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ReportHeader
        title="复购分析"
        hint="首单会员 = 首次支付在所选日期内的会员；N 天复购率 = 首单后 N×24 小时内再次支付的会员 ÷ 首单已满 N 天的会员。品类间隔 = 同一会员相邻两次购买该品类相隔的天数。"
        range={range}
        onRange={setRange}
        extra={<ReportCsvButton name="repurchase" query={{ ...range }} />}
      />
      {error && !data ? (
        <ReportError error={error} onRetry={reload} />
      ) : (
        <>
          <Row gutter={[16, 16]} data-testid="repurchase-windows">
            <Col xs={12} md={6}>
              <Card size="small" loading={isLoading && !data}>
                <Statistic title="首单会员" value={countText(data?.firstBuyers ?? 0)} />
              </Card>
            </Col>
            {(data?.windows ?? []).map((window) => (
              <Col key={window.days} xs={12} md={6}>
                <Card size="small">
                  <Statistic title={`${window.days} 天复购率`} value={window.eligible > 0 ? rateText(window.rate) : '—'} />
                  <Typography.Text type="secondary">
                    {window.eligible > 0 ? `${countText(window.repurchased)} / ${countText(window.eligible)} 人` : `暂无首单已满 ${window.days} 天的会员`}
                  </Typography.Text>
                </Card>
              </Col>
            ))}
          </Row>
          <Row gutter={16}>
            <Col xs={24} xl={10}>
              <Card
                title="复购间隔分布"
                size="small"
                loading={isLoading && !data}
                extra={
                  categories.length > 0 && (
                    <Select<number>
                      size="small"
                      style={{ width: 160 }}
                      value={category?.categoryId}
                      onChange={setCategoryId}
                      options={categories.map((row) => ({ value: row.categoryId, label: row.categoryName }))}
                      aria-label="品类"
                    />
                  )
                }
              >
                {histogram && category && category.repeats > 0 ? (
                  <>
                    <EChart option={histogram} height={300} testId="chart-repurchase-histogram" ariaLabel={`${category.categoryName} 的复购间隔分布`} />
                    <Typography.Text type="secondary">橙色柱为中位数所在区间（{daysText(category.medianDays)}）</Typography.Text>
                  </>
                ) : (
                  <ReportEmpty description="所选日期内还没有品类复购" />
                )}
              </Card>
            </Col>
            <Col xs={24} xl={14}>
              <Card title="各品类复购周期" size="small">
                <Table<CategoryRow>
                  rowKey="categoryId"
                  size="small"
                  loading={isLoading}
                  dataSource={categories}
                  pagination={{ pageSize: 10, hideOnSinglePage: true }}
                  scroll={{ x: 'max-content' }}
                  data-testid="repurchase-categories"
                  onRow={(row) => ({ onClick: () => setCategoryId(row.categoryId), style: { cursor: 'pointer' } })}
                  locale={{ emptyText: <ReportEmpty description="所选日期内还没有品类复购" /> }}
                  columns={[
                    { title: '品类', dataIndex: 'categoryName' },
                    { className: 'nowrap', title: '复购次数', dataIndex: 'repeats', align: 'right', render: countText },
                    { className: 'nowrap', title: 'P25', dataIndex: 'p25Days', align: 'right', render: daysText },
                    { className: 'nowrap', title: '中位数', dataIndex: 'medianDays', align: 'right', render: daysText },
                    { className: 'nowrap', title: 'P75', dataIndex: 'p75Days', align: 'right', render: daysText },
                  ]}
                />
              </Card>
            </Col>
          </Row>
        </>
      )}
    </Space>
  );
}
