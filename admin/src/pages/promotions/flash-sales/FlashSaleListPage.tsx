import { PlusOutlined } from '@ant-design/icons';
import type { FlashSaleView } from '@siyu/shared';
import { App, Button, Card, Popconfirm, Progress, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { flashSalesApi } from '../../../api/promotions';
import { useSession } from '../../../auth/SessionProvider';
import { reportError } from '../../../errors/report-error';
import { formatTime, money } from '../../../format';
import { useApiData } from '../../../hooks/use-api-data';
import { specsLabel } from '../../../labels';
import { ApprovalTag } from '../common/ApprovalTag';
import { clockOffsetOf, Countdown } from '../common/Countdown';
import { FLASH_STATUS_COLORS, FLASH_STATUS_NAMES } from '../common/promotion-labels';
import { percentOf } from '../coupons/CouponReportDrawer';
import { hasStarted } from './flash-sale-form';
import { FlashSaleFormModal } from './FlashSaleFormModal';

/** Live sold/remaining figures: the list is read again this often while the page is open. */
export const FLASH_POLL_MS = 5000;

function TimeCell({ sale, clockOffsetMs }: { sale: FlashSaleView; clockOffsetMs: number }) {
  return (
    <Space orientation="vertical" size={0}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {formatTime(sale.startsAt)} 至 {formatTime(sale.endsAt)}
      </Typography.Text>
      {(sale.status === 'upcoming' || sale.status === 'pending_approval') && <Countdown label="距开始" target={sale.startsAt} clockOffsetMs={clockOffsetMs} />}
      {sale.status === 'ongoing' && <Countdown label="距结束" target={sale.endsAt} clockOffsetMs={clockOffsetMs} />}
    </Space>
  );
}

function SoldCell({ sale }: { sale: FlashSaleView }) {
  return (
    <div style={{ minWidth: 160 }} data-testid={`flash-sold-${sale.id}`}>
      <Progress
        percent={percentOf(sale.soldUnits, sale.totalUnits)}
        size="small"
        status={sale.remainingUnits === 0 ? 'exception' : 'active'}
        format={() => `${sale.soldUnits}/${sale.totalUnits}`}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        剩余 {sale.remainingUnits} 件 · 每人限 {sale.perMemberLimit} 件
      </Typography.Text>
    </div>
  );
}

/** 秒杀: sales with sold/remaining read every 5 s, status and a countdown to the start or end; create, edit, stop. */
export function FlashSaleListPage() {
  const { can } = useSession();
  const canWrite = can('promotions:write');
  const { message } = App.useApp();
  const { data, isLoading, reload } = useApiData((signal) => flashSalesApi.list(signal), []);
  const [editing, setEditing] = useState<FlashSaleView | 'new' | null>(null);
  // The server's clock drives the countdowns: the offset is taken when a list arrives.
  const clockOffsetMs = useMemo(() => clockOffsetOf(data?.[0]?.serverNow), [data]);

  useEffect(() => {
    const timer = window.setInterval(reload, FLASH_POLL_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  const stop = async (sale: FlashSaleView) => {
    try {
      await flashSalesApi.stop(sale.id);
      message.success(`「${sale.title}」已停止`);
      reload();
    } catch (error) {
      reportError(error);
    }
  };

  return (
    <Card
      title="秒杀"
      extra={
        canWrite ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            新建秒杀
          </Button>
        ) : (
          <Tag>只读</Tag>
        )
      }
    >
      <Table<FlashSaleView>
        rowKey="id"
        // Polling keeps the rows on screen: only the first load shows the spinner.
        loading={isLoading && !data}
        dataSource={data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid="flash-sale-table"
        locale={{ emptyText: '还没有秒杀活动' }}
        columns={[
          {
            title: '活动',
            key: 'title',
            render: (_, sale) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{sale.title}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {sale.productTitle} {specsLabel(sale.specs)}
                </Typography.Text>
              </Space>
            ),
          },
          {
            className: 'nowrap',
            title: '秒杀价',
            key: 'price',
            align: 'right',
            render: (_, sale) => (
              <Space orientation="vertical" size={0} style={{ alignItems: 'flex-end' }}>
                <Typography.Text type="danger" strong>
                  {money(sale.flashPriceFen)}
                </Typography.Text>
                <Typography.Text delete type="secondary" style={{ fontSize: 12 }}>
                  {money(sale.privatePriceFen)}
                </Typography.Text>
              </Space>
            ),
          },
          { title: '已售 / 总量', key: 'sold', render: (_, sale) => <SoldCell sale={sale} /> },
          {
            className: 'nowrap',
            title: '状态',
            dataIndex: 'status',
            render: (status: FlashSaleView['status'], sale) => (
              <Space size={4}>
                <Tag color={FLASH_STATUS_COLORS[status]}>{FLASH_STATUS_NAMES[status]}</Tag>
                {status !== 'pending_approval' && <ApprovalTag approval={sale.approval} />}
              </Space>
            ),
          },
          { className: 'nowrap', title: '时间', key: 'time', render: (_, sale) => <TimeCell sale={sale} clockOffsetMs={clockOffsetMs} /> },
          {
            className: 'nowrap',
            title: '操作',
            key: 'actions',
            render: (_, sale) =>
              canWrite && (sale.status === 'upcoming' || sale.status === 'ongoing' || sale.status === 'pending_approval') ? (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => setEditing(sale)}>
                    {hasStarted(sale) ? '延长/加量' : '编辑'}
                  </Button>
                  <Popconfirm title="停止这个秒杀？" description="停止后会员不能再以秒杀价下单。" okText="停止" cancelText="取消" onConfirm={() => stop(sale)}>
                    <Button type="link" size="small" danger>
                      停止
                    </Button>
                  </Popconfirm>
                </Space>
              ) : null,
          },
        ]}
      />
      {editing && (
        <FlashSaleFormModal
          sale={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            if (saved.status === 'pending_approval' || saved.approval?.status === 'pending') message.warning(`「${saved.title}」已保存，需店主审批后开始`);
            else message.success(`「${saved.title}」已保存`);
            reload();
          }}
        />
      )}
    </Card>
  );
}
