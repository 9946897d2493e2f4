import { PRODUCT_ROLE_NAMES, type ProductRole } from '@siyu/shared';
import { Card, Col, Row, Space, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { reportsApi, type ProductsReport } from '../../api/reports';
import { useSession } from '../../auth/SessionProvider';
import { EChart } from '../../components/charts';
import { money } from '../../format';
import { useApiData } from '../../hooks/use-api-data';
import { useReportRange } from './RangePicker';
import { ReportCsvButton, ReportEmpty, ReportError, ReportHeader } from './report-kit';
import { countText, rateText, roleMixOption, rolePieOption } from './report-charts';

type ProductRow = ProductsReport['products'][number];
const ROLE_COLORS: Readonly<Record<ProductRole, string>> = { traffic: 'cyan', hero: 'magenta', profit: 'gold' };
/** Nulls (no cost price) sort last either way. */
const byNullable = (a: number | null, b: number | null) => (a ?? Number.NEGATIVE_INFINITY) - (b ?? Number.NEGATIVE_INFINITY);

/** 商品分析: sales, refunds and margin per product (sortable), and the mix of 引流品 / 爆品 / 利润品. */
export function ProductsReportPage() {
  const [range, setRange] = useReportRange();
  const { can } = useSession();
  const { data, isLoading, error, reload } = useApiData((signal) => reportsApi.products(range, signal), [range.from, range.to]);
  const roles = useMemo(() => data?.roles ?? [], [data]);
  const mix = useMemo(() => roleMixOption(roles), [roles]);
  const pie = useMemo(() => rolePieOption(roles), [roles]);
  const hasSales = roles.some((role) => role.salesFen !== 0);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ReportHeader
        title="商品分析"
        hint="销售额为所选日期内已支付订单的商品实付，退款按退款成功日期计；毛利 = 销售额 − 退款 − 保留件数的成本，有 SKU 未填成本价时不计算。"
        range={range}
        onRange={setRange}
        extra={<ReportCsvButton name="products" query={{ ...range }} />}
      />
      {error && !data ? (
        <ReportError error={error} onRetry={reload} />
      ) : (
        <>
          <Row gutter={16}>
            <Col xs={24} xl={10}>
              <Card title="商品角色销售占比" size="small" loading={isLoading && !data}>
                {hasSales ? (
                  <EChart option={pie} height={300} testId="chart-role-pie" ariaLabel="引流品、爆品、利润品的销售占比饼图" />
                ) : (
                  <ReportEmpty description="所选日期内没有销售" />
                )}
              </Card>
            </Col>
            <Col xs={24} xl={14}>
              <Card title="商品结构：销售额与毛利" size="small" loading={isLoading && !data}>
                {hasSales ? (
                  <EChart option={mix} height={300} testId="chart-role-mix" ariaLabel="各商品角色销售额与毛利柱状图" />
                ) : (
                  <ReportEmpty description="所选日期内没有销售" />
                )}
              </Card>
            </Col>
          </Row>
          <Card title="商品明细" size="small">
            <Table<ProductRow>
              rowKey="productId"
              size="small"
              loading={isLoading}
              dataSource={data?.products ?? []}
              pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
              scroll={{ x: 'max-content' }}
              data-testid="products-table"
              locale={{ emptyText: <ReportEmpty description="所选日期内没有商品销售" /> }}
              columns={[
                {
                  title: '商品',
                  dataIndex: 'title',
                  render: (title: string, row) => (can('catalog:read') ? <Link to={`/products/${row.productId}`}>{title}</Link> : title),
                },
                {
                  title: '角色',
                  dataIndex: 'role',
                  width: 88,
                  render: (role: ProductRole) => <Tag color={ROLE_COLORS[role]}>{PRODUCT_ROLE_NAMES[role] ?? role}</Tag>,
                },
                { className: 'nowrap', title: '订单', dataIndex: 'orders', align: 'right', render: countText, sorter: (a, b) => a.orders - b.orders },
                { className: 'nowrap', title: '件数', dataIndex: 'quantity', align: 'right', render: countText, sorter: (a, b) => a.quantity - b.quantity },
                {
                  className: 'nowrap',
                  title: '销售额',
                  dataIndex: 'salesFen',
                  align: 'right',
                  render: money,
                  sorter: (a, b) => a.salesFen - b.salesFen,
                  defaultSortOrder: 'descend',
                },
                {
                  className: 'nowrap',
                  title: '退款',
                  dataIndex: 'refundedFen',
                  align: 'right',
                  render: money,
                  sorter: (a, b) => a.refundedFen - b.refundedFen,
                },
                {
                  className: 'nowrap',
                  title: '毛利',
                  dataIndex: 'marginFen',
                  align: 'right',
                  render: (value: number | null) => (value === null ? <Typography.Text type="secondary">缺成本价</Typography.Text> : money(value)),
                  sorter: (a, b) => byNullable(a.marginFen, b.marginFen),
                },
                {
                  className: 'nowrap',
                  title: '毛利率',
                  dataIndex: 'marginRate',
                  align: 'right',
                  render: rateText,
                  sorter: (a, b) => byNullable(a.marginRate, b.marginRate),
                },
              ]}
            />
          </Card>
        </>
      )}
    </Space>
  );
}
