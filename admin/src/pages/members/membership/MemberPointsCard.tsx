import type { PointsEntryView, PointsLotView } from '@siyu/shared';
import { App, Button, Card, Col, Row, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { memberLedgersApi } from '../../../api/membership';
import { useSession } from '../../../auth/SessionProvider';
import { CursorPager } from '../../../components/CursorPager';
import { formatTime } from '../../../format';
import { LedgerAdjustModal } from '../../membership/common/LedgerAdjustModal';
import { LEDGER_SOURCE_NAMES, LOT_STATUS_COLORS, LOT_STATUS_NAMES, nameOf, POINTS_ENTRY_KIND_NAMES } from '../../membership/membership-labels';
import { DeltaText, OrderCell } from './ledger-cells';
import { useLedgerPages } from './use-ledger-pages';

/**
 * 积分: balance (Σ entries), available, pending and expiring soon; the entries (paged, newest first)
 * and the latest lots with their pending window and expiry; 调整积分 with membership:adjust.
 */
export function MemberPointsCard({ memberId }: { memberId: number }) {
  const { can } = useSession();
  const { message } = App.useApp();
  const [isAdjusting, setIsAdjusting] = useState(false);
  const { view, pages, restart } = useLedgerPages(
    (query, signal) => memberLedgersApi.points(memberId, query, signal),
    (points) => points.entries,
    [memberId],
  );
  const canReadOrders = can('orders:read');
  const summary = view?.summary;

  return (
    <Card
      title="积分"
      loading={!view && pages.isLoading}
      extra={
        can('membership:adjust') && view ? (
          <Button onClick={() => setIsAdjusting(true)} data-testid="adjust-points">
            调整积分
          </Button>
        ) : null
      }
    >
      {view && summary && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Row gutter={24} data-testid="points-summary">
            <Col span={6}>
              <Statistic title="积分余额" value={summary.balance} styles={summary.balance < 0 ? { content: { color: '#cf1322' } } : undefined} />
            </Col>
            <Col span={6}>
              <Statistic title="可用" value={summary.available} />
            </Col>
            <Col span={6}>
              <Statistic title="待入账" value={summary.pending} />
            </Col>
            <Col span={6}>
              <Statistic
                title={summary.expiringSoonAt ? `30 天内过期（${formatTime(summary.expiringSoonAt).slice(0, 10)}）` : '30 天内过期'}
                value={summary.expiringSoon}
              />
            </Col>
          </Row>
          <Tabs
            items={[
              {
                key: 'entries',
                label: '积分流水',
                children: (
                  <>
                    <Table<PointsEntryView>
                      rowKey="id"
                      size="small"
                      loading={pages.isLoading}
                      dataSource={pages.items}
                      pagination={false}
                      data-testid="points-ledger"
                      locale={{ emptyText: '还没有积分记录' }}
                      columns={[
                        { title: '时间', dataIndex: 'createdAt', className: 'nowrap', width: 180, render: formatTime },
                        { title: '变动', dataIndex: 'delta', align: 'right', width: 100, render: (delta: number) => <DeltaText delta={delta} /> },
                        { title: '类型', dataIndex: 'kind', className: 'nowrap', render: (kind: string) => nameOf(POINTS_ENTRY_KIND_NAMES, kind) },
                        {
                          title: '来源',
                          dataIndex: 'source',
                          className: 'nowrap',
                          render: (source: string | undefined) => (source ? nameOf(LEDGER_SOURCE_NAMES, source) : '—'),
                        },
                        { title: '说明', dataIndex: 'reason' },
                        {
                          title: '订单',
                          dataIndex: 'orderId',
                          width: 90,
                          render: (orderId: number | null) => <OrderCell orderId={orderId} canReadOrders={canReadOrders} />,
                        },
                      ]}
                    />
                    <CursorPager pages={pages} />
                  </>
                ),
              },
              {
                key: 'lots',
                label: `积分批次（${view.lots.length}）`,
                children: (
                  <Table<PointsLotView>
                    rowKey="id"
                    size="small"
                    dataSource={view.lots}
                    pagination={{ pageSize: 10, hideOnSinglePage: true }}
                    data-testid="points-lots"
                    locale={{ emptyText: '还没有积分批次' }}
                    columns={[
                      { title: '获得时间', dataIndex: 'createdAt', className: 'nowrap', render: formatTime },
                      { title: '数量', dataIndex: 'amount', align: 'right' },
                      { title: '剩余', dataIndex: 'remaining', align: 'right' },
                      { title: '来源', dataIndex: 'source', className: 'nowrap', render: (source: string) => nameOf(LEDGER_SOURCE_NAMES, source) },
                      { title: '可用时间', dataIndex: 'availableAt', className: 'nowrap', render: formatTime },
                      { title: '过期时间', dataIndex: 'expiresAt', className: 'nowrap', render: formatTime },
                      {
                        title: '状态',
                        dataIndex: 'status',
                        render: (status: PointsLotView['status']) => <Tag color={LOT_STATUS_COLORS[status]}>{LOT_STATUS_NAMES[status]}</Tag>,
                      },
                    ]}
                  />
                ),
              },
            ]}
          />
          <Typography.Text type="secondary">使用积分时先用最早到期的批次；待入账的积分在可用时间之后才能使用。</Typography.Text>
        </Space>
      )}
      {isAdjusting && summary && (
        <LedgerAdjustModal
          unit="积分"
          current={`余额 ${summary.balance}，可用 ${summary.available}`}
          onClose={() => setIsAdjusting(false)}
          onSubmit={async (body) => {
            await memberLedgersApi.adjustPoints(memberId, body);
            setIsAdjusting(false);
            message.success('积分已调整');
            restart();
          }}
        />
      )}
    </Card>
  );
}
