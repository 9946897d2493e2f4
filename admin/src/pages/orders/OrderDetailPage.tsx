import { maskPhone, ORDER_STATUS_NAMES, type AdminOrder, type AdminRefund } from '@siyu/shared';
import { EditOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Row, Space, Spin, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { ordersApi, refundsApi } from '../../api/orders';
import { staffApi } from '../../api/staff';
import { useSession } from '../../auth/SessionProvider';
import { formatTime, money } from '../../format';
import { useApiData } from '../../hooks/use-api-data';
import { ORDER_STATUS_COLORS, PAYMENT_STATUS_NAMES } from '../../labels';
import { refundIdsOfEvents } from '../refunds/refund-lines';
import { RefundReviewModal, type ReviewMode } from '../refunds/RefundReviewModal';
import { RefundTable } from '../refunds/RefundTable';
import { BuyerLink } from './BuyerLink';
import { OrderLinesTable } from './OrderLinesTable';
import { OrderNotesCard } from './OrderNotesCard';
import { OrderTimeline } from './OrderTimeline';
import { ShipOrderModal } from './ShipOrderModal';

type Payment = AdminOrder['payments'][number];

/** Order number, status, member, the times of each step, shipping and the buyer's remark. */
function OrderSummary({ order }: { order: AdminOrder }) {
  return (
    <Descriptions
      bordered
      size="small"
      column={3}
      data-testid="order-summary"
      items={[
        { label: '订单号', children: <Typography.Text copyable>{order.orderNo}</Typography.Text> },
        { label: '状态', children: <Tag color={ORDER_STATUS_COLORS[order.status]}>{ORDER_STATUS_NAMES[order.status]}</Tag> },
        { label: '买家', children: <BuyerLink buyer={order.buyer} /> },
        { label: '下单时间', children: formatTime(order.createdAt) },
        {
          label: order.status === 'pending_payment' ? '支付截止' : '支付时间',
          children: formatTime(order.status === 'pending_payment' ? order.paymentExpiresAt : order.paidAt),
        },
        { label: '发货时间', children: formatTime(order.shippedAt) },
        {
          label: '物流',
          children: order.carrier ? (
            <Typography.Text copyable={{ text: order.trackingNo ?? '' }}>{`${order.carrier} ${order.trackingNo ?? ''}`}</Typography.Text>
          ) : (
            '—'
          ),
        },
        { label: '完成时间', children: formatTime(order.completedAt) },
        { label: '取消', children: order.cancelledAt ? `${formatTime(order.cancelledAt)}${order.cancelReason ? ` · ${order.cancelReason}` : ''}` : '—' },
        { label: '买家备注', span: 3, children: order.remark || <Typography.Text type="secondary">无</Typography.Text> },
      ]}
    />
  );
}

/** The recipient; the phone in full only for roles that ship (the list shows it masked). */
function AddressBlock({ order, isFullPhone }: { order: AdminOrder; isFullPhone: boolean }) {
  const { recipientName, phone, regionText, detail } = order.address;
  return (
    <Descriptions
      size="small"
      column={2}
      data-testid="order-address"
      items={[
        { label: '收货人', children: recipientName },
        { label: '手机号', children: isFullPhone ? <Typography.Text copyable>{phone}</Typography.Text> : maskPhone(phone) },
        { label: '收货地址', span: 2, children: <Typography.Text copyable>{`${regionText} ${detail}`}</Typography.Text> },
      ]}
    />
  );
}

function PaymentsTable({ payments }: { payments: Payment[] }) {
  return (
    <Table<Payment>
      size="small"
      rowKey="outTradeNo"
      pagination={false}
      dataSource={payments}
      data-testid="order-payments"
      locale={{ emptyText: '还没有发起支付' }}
      columns={[
        { className: 'nowrap', title: '商户单号', dataIndex: 'outTradeNo' },
        {
          className: 'nowrap',
          title: '状态',
          dataIndex: 'status',
          render: (status: string) => <Tag color={status === 'succeeded' ? 'green' : 'default'}>{PAYMENT_STATUS_NAMES[status] ?? status}</Tag>,
        },
        { className: 'nowrap', title: '金额', dataIndex: 'amountFen', align: 'right', render: money },
        {
          className: 'nowrap',
          title: '微信支付单号',
          dataIndex: 'transactionId',
          render: (id: string | null) => (id ? <Typography.Text copyable>{id}</Typography.Text> : '—'),
        },
        { className: 'nowrap', title: '支付时间', dataIndex: 'successAt', render: formatTime },
      ]}
    />
  );
}

/** 订单详情: summary, recipient, lines and amounts, payments, refunds (with review) and the timeline; 发货 when paid. */
export function OrderDetailPage() {
  const orderId = Number(useParams().orderId);
  const { can } = useSession();
  const canManage = can('orders:manage');
  const [searchParams, setSearchParams] = useSearchParams();
  const { data: order, isLoading, reload } = useApiData((signal) => ordersApi.get(orderId, signal), [orderId]);
  const staffList = useApiData(() => (can('staff:manage') ? staffApi.list() : Promise.resolve([])), [can('staff:manage')]);
  const staffName = (id: number) => staffList.data?.find((staff) => staff.id === id)?.displayName;
  const refundIds = useMemo(() => refundIdsOfEvents(order?.events ?? []), [order]);
  const refunds = useApiData((signal) => Promise.all(refundIds.map((id) => refundsApi.get(id, signal))), [refundIds.join(',')]);
  const [isShipping, setIsShipping] = useState(false);
  const [isEditingTracking, setIsEditingTracking] = useState(false);
  const [reviewing, setReviewing] = useState<{ refund: AdminRefund; mode: ReviewMode } | null>(null);
  const canShip = canManage && order?.status === 'paid';

  // ?ship=1 (the list's 发货 link) opens the dialog once the order is known to be shippable.
  useEffect(() => {
    if (!order || searchParams.get('ship') !== '1') return;
    if (canShip) setIsShipping(true);
    setSearchParams({}, { replace: true });
  }, [order, canShip, searchParams, setSearchParams]);

  if (isLoading && !order) return <Spin style={{ display: 'block', margin: 80 }} />;
  if (!order) return <Card>订单不存在</Card>;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            订单 {order.orderNo}
            <Tag color={ORDER_STATUS_COLORS[order.status]} data-testid="order-status">
              {ORDER_STATUS_NAMES[order.status]}
            </Tag>
          </Space>
        }
        extra={
          <Space>
            {!canManage && <Tag>只读</Tag>}
            <Button icon={<ReloadOutlined />} onClick={reload} loading={isLoading}>
              刷新
            </Button>
            {canShip && (
              <Button type="primary" icon={<SendOutlined />} onClick={() => setIsShipping(true)}>
                发货
              </Button>
            )}
            {canManage && order.shippedAt !== null && order.status !== 'pending_payment' && (
              <Button icon={<EditOutlined />} onClick={() => setIsEditingTracking(true)} data-testid="tracking-edit">
                修改物流
              </Button>
            )}
          </Space>
        }
      >
        <OrderSummary order={order} />
      </Card>
      {/* Full width, right under the summary: a request waiting for review is what staff open the order for. */}
      {refundIds.length > 0 && (
        <Card title="退款" size="small">
          <RefundTable
            refunds={refunds.data ?? []}
            isLoading={refunds.isLoading}
            orderLines={order.lines}
            isWithinOrder
            {...(canManage ? { onReview: (refund: AdminRefund, mode: ReviewMode) => setReviewing({ refund, mode }) } : {})}
          />
        </Card>
      )}
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card title="收货信息" size="small">
              <AddressBlock order={order} isFullPhone={canManage} />
            </Card>
            <Card title="商品" size="small">
              <OrderLinesTable order={order} />
            </Card>
            <Card title="支付记录" size="small">
              <PaymentsTable payments={order.payments} />
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <OrderNotesCard orderId={order.id} canWrite={canManage} />
            <Card title="订单动态" size="small">
              <OrderTimeline events={order.events} staffName={staffName} />
            </Card>
          </Space>
        </Col>
      </Row>
      {isShipping && (
        <ShipOrderModal
          order={order}
          onClose={() => setIsShipping(false)}
          onShipped={() => {
            setIsShipping(false);
            reload();
          }}
        />
      )}
      {isEditingTracking && (
        <ShipOrderModal
          order={order}
          isEdit
          onClose={() => setIsEditingTracking(false)}
          onShipped={() => {
            setIsEditingTracking(false);
            reload();
          }}
        />
      )}
      {reviewing && (
        <RefundReviewModal
          refund={reviewing.refund}
          mode={reviewing.mode}
          order={order}
          onClose={() => setReviewing(null)}
          onDone={() => {
            setReviewing(null);
            reload();
            refunds.reload();
          }}
        />
      )}
    </Space>
  );
}
