import type { PointsLiabilityView } from '@siyu/shared';
import { Alert, Button, Card, Col, Row, Skeleton, Space, Statistic, Table, Typography } from 'antd';
import { pointsLiabilityApi } from '../../../api/membership';
import { money } from '../../../format';
import { useApiData } from '../../../hooks/use-api-data';

type MonthRow = PointsLiabilityView['expiringByMonth'][number];

/** "2026-12" → "2026年12月". */
export const monthText = (month: string): string => {
  const [year, number] = month.split('-');
  return year && number ? `${year}年${Number(number)}月` : month;
};

/** A bar as wide as `points` is of the largest month (integer percent; display only). */
function Bar({ points, max }: { points: number; max: number }) {
  const percent = max > 0 ? Math.max(1, Math.round((points * 100) / max)) : 0;
  return (
    <div style={{ background: '#f0f0f0', borderRadius: 2, height: 14, width: 240 }} aria-hidden>
      <div style={{ background: '#1677ff', borderRadius: 2, height: 14, width: `${percent}%` }} />
    </div>
  );
}

/**
 * 积分负债: points the store owes its members (outstanding, their value in fen at the redemption rate),
 * points still pending, and what expires month by month, with negative balances apart. A bar per
 * month inside the table (the console carries no chart library).
 */
export function PointsLiabilityPage() {
  const { data, error, isLoading, reload } = useApiData((signal) => pointsLiabilityApi.get(signal), []);
  if (!data) return <Card title="积分负债">{error ? <Alert type="error" showIcon title="加载失败" /> : <Skeleton active />}</Card>;
  const max = Math.max(0, ...data.expiringByMonth.map((row) => row.points));
  return (
    <Card
      title="积分负债"
      extra={
        <Button loading={isLoading} onClick={reload}>
          刷新
        </Button>
      }
    >
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <Row gutter={[24, 16]} data-testid="liability-summary">
          <Col xs={12} md={6}>
            <Statistic title="未使用积分" value={data.outstandingPoints} groupSeparator="," />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="折合金额" value={money(data.outstandingValueFen)} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="待入账积分" value={data.pendingPoints} groupSeparator="," />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="持有积分的会员" value={data.members} suffix="人" />
          </Col>
        </Row>
        {data.negativeBalances.members > 0 && (
          <Alert
            type="warning"
            showIcon
            title={`${data.negativeBalances.members} 位会员积分为负，共 ${data.negativeBalances.points} 积分`}
            description="退款冲回了会员已经用掉的积分（积分规则中允许负余额时）。"
          />
        )}
        <div>
          <Typography.Title level={5}>按月到期</Typography.Title>
          <Table<MonthRow>
            rowKey="month"
            size="small"
            pagination={false}
            dataSource={data.expiringByMonth}
            data-testid="liability-by-month"
            locale={{ emptyText: '没有将要到期的积分' }}
            columns={[
              { title: '到期月份', dataIndex: 'month', className: 'nowrap', render: monthText },
              { title: '到期积分', dataIndex: 'points', align: 'right', className: 'nowrap', render: (points: number) => points.toLocaleString('zh-CN') },
              { title: '折合金额', dataIndex: 'valueFen', align: 'right', className: 'nowrap', render: money },
              { title: '', key: 'bar', render: (_, row) => <Bar points={row.points} max={max} /> },
            ]}
          />
        </div>
        <Typography.Text type="secondary">
          未使用积分 = 所有会员积分批次中尚未使用、未过期的积分（含待入账）；折合金额按“积分规则”中的抵现比例计算，单位精确到分。
        </Typography.Text>
      </Space>
    </Card>
  );
}
