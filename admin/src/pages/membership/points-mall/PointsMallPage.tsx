import { PlusOutlined } from '@ant-design/icons';
import { TIER_NAMES, type PointsMallItemView } from '@siyu/shared';
import { App, Button, Card, Progress, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { pointsMallApi } from '../../../api/membership';
import { useSession } from '../../../auth/SessionProvider';
import { reportError } from '../../../errors/report-error';
import { money } from '../../../format';
import { useApiData } from '../../../hooks/use-api-data';
import { useSkuNames } from '../../promotions/common/use-sku-names';
import { MALL_KIND_NAMES, MALL_STATUS_NAMES } from '../membership-labels';
import { useCouponTemplates } from '../common/coupon-options';
import { MallItemFormModal } from './MallItemFormModal';

/** "450 积分" or "300 积分 + ¥1.00". */
export function mallPriceText(item: Pick<PointsMallItemView, 'pointsPrice' | 'cashFen'>): string {
  return item.cashFen > 0 ? `${item.pointsPrice} 积分 + ${money(item.cashFen)}` : `${item.pointsPrice} 积分`;
}

function StockCell({ item }: { item: PointsMallItemView }) {
  return (
    <div style={{ minWidth: 150 }}>
      <Progress
        percent={item.stock > 0 ? Math.floor((item.redeemedCount * 100) / item.stock) : 100}
        size="small"
        showInfo={false}
        status={item.remaining === 0 ? 'exception' : 'normal'}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        已兑 {item.redeemedCount} / {item.stock} · 剩余 {item.remaining}
      </Typography.Text>
    </div>
  );
}

/** 积分商城: the items members redeem points for (coupons, goods, points + cash); create, edit, on/off sale. */
export function PointsMallPage() {
  const { can } = useSession();
  const canWrite = can('membership:write');
  const { message } = App.useApp();
  const { data, isLoading, reload } = useApiData((signal) => pointsMallApi.list(signal), []);
  const coupons = useCouponTemplates();
  const skuName = useSkuNames((data ?? []).some((item) => item.kind === 'goods') && can('catalog:read'));
  const [editing, setEditing] = useState<PointsMallItemView | 'new' | null>(null);

  const toggle = async (item: PointsMallItemView) => {
    const status = item.status === 'on_sale' ? 'off_sale' : 'on_sale';
    try {
      await pointsMallApi.update(item.id, { status });
      message.success(`「${item.title}」已${status === 'on_sale' ? '上架' : '下架'}`);
      reload();
    } catch (error) {
      reportError(error);
    }
  };

  return (
    <Card
      title="积分商城"
      extra={
        canWrite ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            新建积分商品
          </Button>
        ) : (
          <Tag>只读</Tag>
        )
      }
    >
      <Table<PointsMallItemView>
        rowKey="id"
        loading={isLoading && !data}
        dataSource={data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid="mall-item-table"
        locale={{ emptyText: '还没有积分商品' }}
        columns={[
          {
            title: '商品',
            key: 'title',
            render: (_, item) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{item.title}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {item.kind === 'coupon' && item.couponTemplateId !== null
                    ? coupons.nameOf(item.couponTemplateId)
                    : item.skuId !== null
                      ? skuName(item.skuId)
                      : ''}
                </Typography.Text>
              </Space>
            ),
          },
          {
            className: 'nowrap',
            title: '类型',
            dataIndex: 'kind',
            render: (kind: PointsMallItemView['kind']) => <Tag color={kind === 'coupon' ? 'blue' : 'green'}>{MALL_KIND_NAMES[kind]}</Tag>,
          },
          { className: 'nowrap', title: '兑换价', key: 'price', align: 'right', render: (_, item) => mallPriceText(item) },
          { title: '库存', key: 'stock', render: (_, item) => <StockCell item={item} /> },
          { className: 'nowrap', title: '每人限兑', dataIndex: 'perMemberLimit', align: 'right', render: (limit: number) => `${limit} 件` },
          {
            className: 'nowrap',
            title: '等级要求',
            dataIndex: 'minTier',
            render: (tier: PointsMallItemView['minTier']) => (tier ? `${TIER_NAMES[tier]}及以上` : '不限'),
          },
          {
            className: 'nowrap',
            title: '状态',
            dataIndex: 'status',
            render: (status: PointsMallItemView['status']) => <Tag color={status === 'on_sale' ? 'green' : 'default'}>{MALL_STATUS_NAMES[status]}</Tag>,
          },
          {
            className: 'nowrap',
            title: '操作',
            key: 'actions',
            render: (_, item) =>
              canWrite ? (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => setEditing(item)}>
                    编辑
                  </Button>
                  <Button type="link" size="small" danger={item.status === 'on_sale'} onClick={() => toggle(item)}>
                    {item.status === 'on_sale' ? '下架' : '上架'}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      {editing && (
        <MallItemFormModal
          item={editing === 'new' ? undefined : editing}
          couponOptions={coupons.options}
          skuName={skuName}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            if (saved) message.success(`「${saved.title}」已保存`);
            reload();
          }}
        />
      )}
    </Card>
  );
}
