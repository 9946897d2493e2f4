import { lifecycleName } from '@siyu/shared';
import { Card, Col, Row, Space, Statistic, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { reportsApi, type MembersReport } from '../../api/reports';
import { useSession } from '../../auth/SessionProvider';
import { EChart } from '../../components/charts';
import { money } from '../../format';
import { useApiData } from '../../hooks/use-api-data';
import { useReportRange } from './RangePicker';
import { ReportCsvButton, ReportEmpty, ReportError, ReportHeader } from './report-kit';
import { countText, lifecycleOption, rateText, tierGmvShareOption, tierPieOption } from './report-charts';

type TierRow = MembersReport['tiers'][number];
type FlowRow = MembersReport['lifecycleFlows'][number];

/** 会员分析: members per tier and each tier's GMV share, lifecycle flows month to month, the points liability. */
export function MembersReportPage() {
  const [range, setRange] = useReportRange();
  const { can } = useSession();
  const { data, isLoading, error, reload } = useApiData((signal) => reportsApi.members(range, signal), [range.from, range.to]);
  const tiers = useMemo(() => data?.tiers ?? [], [data]);
  const flows = useMemo(() => (data?.lifecycleFlows ?? []).filter((flow) => flow.from !== flow.to), [data]);
  const pie = useMemo(() => tierPieOption(tiers), [tiers]);
  const share = useMemo(() => tierGmvShareOption(tiers), [tiers]);
  const lifecycle = useMemo(() => lifecycleOption(flows), [flows]);
  const hasMembers = tiers.some((tier) => tier.members > 0);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ReportHeader
        title="会员分析"
        hint={
          <>
            会员等级分布为当前会员数，GMV 占比按所选日期内的已支付订单计算；生命周期流转为每月从一个阶段转入另一个阶段的会员数。
            {can('members:read') && (
              <>
                {' '}
                RFM 分层见 <Link to="/crm/rfm">RFM 分层</Link>。
              </>
            )}
          </>
        }
        range={range}
        onRange={setRange}
        extra={<ReportCsvButton name="members" query={{ ...range }} />}
      />
      {error && !data ? (
        <ReportError error={error} onRetry={reload} />
      ) : (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={24} md={8}>
              <Card size="small" loading={isLoading && !data} data-testid="points-liability">
                <Statistic title="积分负债（未使用积分）" value={countText(data?.pointsLiability.points ?? 0)} suffix="分" />
                <Typography.Text type="secondary">折合 {money(data?.pointsLiability.valueFen ?? 0)}</Typography.Text>
              </Card>
            </Col>
            <Col xs={12} md={8}>
              <Card size="small" loading={isLoading && !data}>
                <Statistic title="会员总数" value={countText(tiers.reduce((sum, tier) => sum + tier.members, 0))} />
              </Card>
            </Col>
            <Col xs={12} md={8}>
              <Card size="small" loading={isLoading && !data}>
                <Statistic title="会员 GMV" value={money(tiers.reduce((sum, tier) => sum + tier.gmvFen, 0))} />
              </Card>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} xl={12}>
              <Card title="等级分布" size="small" loading={isLoading && !data}>
                {hasMembers ? (
                  <EChart option={pie} height={300} testId="chart-tier-pie" ariaLabel="会员等级分布饼图" />
                ) : (
                  <ReportEmpty description="还没有会员" />
                )}
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card title="各等级 GMV 占比" size="small" loading={isLoading && !data}>
                {hasMembers ? (
                  <EChart option={share} height={300} testId="chart-tier-gmv" ariaLabel="各会员等级 GMV 占比条形图" />
                ) : (
                  <ReportEmpty description="还没有会员" />
                )}
              </Card>
            </Col>
          </Row>
          <Card title="等级明细" size="small">
            <Table<TierRow>
              rowKey="tier"
              size="small"
              loading={isLoading}
              dataSource={tiers}
              pagination={false}
              data-testid="tiers-table"
              locale={{ emptyText: <ReportEmpty description="还没有会员等级数据" /> }}
              columns={[
                { title: '等级', dataIndex: 'tierName' },
                { className: 'nowrap', title: '会员数', dataIndex: 'members', align: 'right', render: countText },
                { className: 'nowrap', title: 'GMV', dataIndex: 'gmvFen', align: 'right', render: money },
                { className: 'nowrap', title: 'GMV 占比', dataIndex: 'gmvShare', align: 'right', render: rateText },
              ]}
            />
          </Card>
          <Card title="生命周期流转（按月）" size="small">
            {flows.length > 0 ? (
              <EChart option={lifecycle} height={320} testId="chart-lifecycle" ariaLabel="每月生命周期阶段转入人数堆叠柱状图" />
            ) : (
              <ReportEmpty description="所选日期内没有生命周期变化" />
            )}
            {flows.length > 0 && (
              <Table<FlowRow>
                rowKey={(row) => `${row.month}-${row.from}-${row.to}`}
                size="small"
                style={{ marginTop: 12 }}
                dataSource={flows}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                data-testid="lifecycle-table"
                columns={[
                  { title: '月份', dataIndex: 'month', render: (month: string) => month.slice(0, 7) },
                  { title: '从', dataIndex: 'from', render: lifecycleName },
                  { title: '到', dataIndex: 'to', render: lifecycleName },
                  { className: 'nowrap', title: '会员数', dataIndex: 'members', align: 'right', render: countText },
                ]}
              />
            )}
          </Card>
        </>
      )}
    </Space>
  );
}
