import { TIER_NAMES, type GrowthEntryView, type TierHistoryView } from '@siyu/shared';
import { Alert, App, Button, Card, Descriptions, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { memberLedgersApi } from '../../../api/membership';
import { useSession } from '../../../auth/SessionProvider';
import { CursorPager } from '../../../components/CursorPager';
import { formatTime } from '../../../format';
import { LedgerAdjustModal } from '../../membership/common/LedgerAdjustModal';
import { LEDGER_SOURCE_NAMES, nameOf, TIER_CHANGE_NAMES } from '../../membership/membership-labels';
import { TIER_COLORS } from '../../membership/tiers/TierEditor';
import { DeltaText, OrderCell } from './ledger-cells';
import { useLedgerPages } from './use-ledger-pages';

/**
 * 会员成长: the member's tier, growth counted for it and in total, a pending downgrade, the growth
 * ledger (paged) and the tier history; 调整成长值 for staff with membership:adjust.
 */
export function MemberGrowthCard({ memberId, onAdjusted }: { memberId: number; onAdjusted(): void }) {
  const { can } = useSession();
  const { message } = App.useApp();
  const [isAdjusting, setIsAdjusting] = useState(false);
  const { view, pages, restart } = useLedgerPages(
    (query, signal) => memberLedgersApi.growth(memberId, query, signal),
    (growth) => growth.entries,
    [memberId],
  );
  const canReadOrders = can('orders:read');

  return (
    <Card
      title="会员等级与成长值"
      loading={!view && pages.isLoading}
      extra={
        can('membership:adjust') && view ? (
          <Button onClick={() => setIsAdjusting(true)} data-testid="adjust-growth">
            调整成长值
          </Button>
        ) : null
      }
    >
      {view && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {view.pendingDowngrade && (
            <Alert
              type="warning"
              showIcon
              title={`将于 ${formatTime(view.pendingDowngrade.at)} 降为${TIER_NAMES[view.pendingDowngrade.toTierCode]}`}
              description={view.pendingDowngrade.warnedAt ? `已于 ${formatTime(view.pendingDowngrade.warnedAt)} 提醒会员` : '尚未提醒会员'}
            />
          )}
          <Descriptions
            size="small"
            column={4}
            items={[
              { label: '当前等级', children: <Tag color={TIER_COLORS[view.tierCode]}>{TIER_NAMES[view.tierCode]}</Tag> },
              { label: '成为该等级', children: formatTime(view.tierSince) },
              { label: '保级成长值', children: <span data-testid="growth-value">{view.growthValue}</span> },
              { label: '累计成长值', children: view.growthTotal },
            ]}
          />
          <Tabs
            items={[
              {
                key: 'ledger',
                label: '成长值流水',
                children: (
                  <>
                    <Table<GrowthEntryView>
                      rowKey="id"
                      size="small"
                      loading={pages.isLoading}
                      dataSource={pages.items}
                      pagination={false}
                      data-testid="growth-ledger"
                      locale={{ emptyText: '还没有成长值记录' }}
                      columns={[
                        { title: '时间', dataIndex: 'createdAt', className: 'nowrap', width: 180, render: formatTime },
                        { title: '变动', dataIndex: 'delta', align: 'right', width: 100, render: (delta: number) => <DeltaText delta={delta} /> },
                        { title: '来源', dataIndex: 'source', className: 'nowrap', render: (source: string) => nameOf(LEDGER_SOURCE_NAMES, source) },
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
                key: 'history',
                label: `等级变更（${view.history.length}）`,
                children: (
                  <Table<TierHistoryView>
                    rowKey={(row) => `${row.at}-${row.toTier}`}
                    size="small"
                    dataSource={view.history}
                    pagination={{ pageSize: 10, hideOnSinglePage: true }}
                    data-testid="tier-history"
                    locale={{ emptyText: '还没有等级变更' }}
                    columns={[
                      { title: '时间', dataIndex: 'at', className: 'nowrap', render: formatTime },
                      {
                        title: '变更',
                        key: 'change',
                        render: (_, row) => (
                          <Space size={4}>
                            <Tag color={TIER_COLORS[row.fromTier]}>{TIER_NAMES[row.fromTier]}</Tag>→
                            <Tag color={TIER_COLORS[row.toTier]}>{TIER_NAMES[row.toTier]}</Tag>
                          </Space>
                        ),
                      },
                      { title: '原因', dataIndex: 'reason', render: (reason: string) => nameOf(TIER_CHANGE_NAMES, reason) },
                      { title: '当时成长值', dataIndex: 'growthValue', align: 'right' },
                    ]}
                  />
                ),
              },
            ]}
          />
          <Typography.Text type="secondary">保级成长值按“积分规则”中的保级计算方式统计；调整成长值后立即重新评估等级。</Typography.Text>
        </Space>
      )}
      {isAdjusting && view && (
        <LedgerAdjustModal
          unit="成长值"
          current={`保级成长值 ${view.growthValue}，累计 ${view.growthTotal}`}
          onClose={() => setIsAdjusting(false)}
          onSubmit={async (body) => {
            await memberLedgersApi.adjustGrowth(memberId, body);
            setIsAdjusting(false);
            message.success('成长值已调整');
            restart();
            onAdjusted();
          }}
        />
      )}
    </Card>
  );
}
