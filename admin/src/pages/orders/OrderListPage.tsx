import { UploadOutlined } from '@ant-design/icons';
import { adminOrderListQuerySchema, maskPhone, ORDER_STATUS_NAMES, orderSearchSchema, type OrderStatus } from '@siyu/shared';
import { Button, Card, DatePicker, Form, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ordersApi, type AdminOrderSummary } from '../../api/orders';
import { useSession } from '../../auth/SessionProvider';
import { CursorPager } from '../../components/CursorPager';
import { emptyToUndefined, schemaRule } from '../../forms/schema-rule';
import { formatTime, money } from '../../format';
import { useCursorPages } from '../../hooks/use-cursor-pages';
import { ORDER_STATUS_COLORS } from '../../labels';
import { BuyerLink } from './BuyerLink';
import { OrderExportButton } from './OrderExportButton';
import { OrderStatusTabs } from './OrderStatusTabs';
import { ShipImportDialog } from './ShipImportDialog';
import {
  filterOfSearchParams,
  filterOfValues,
  listQueryOf,
  normalizeOrderNo,
  searchParamsOfFilter,
  valuesOfFilter,
  type OrderFilterValues,
} from './order-filter';

/** "低脂牛奶 250ml×12盒 等 3 件" (the first line and the count of units). */
function goodsLabel(order: AdminOrderSummary): string {
  const [first] = order.lines;
  const units = order.lines.reduce((sum, line) => sum + line.quantity, 0);
  if (!first) return '—';
  return order.lines.length > 1 || units > 1 ? `${first.title} 等 ${units} 件` : first.title;
}

/** The filter form; its values live in the URL (the list below reads them from there). */
function OrderFilterForm({ values, onSearch }: { values: OrderFilterValues; onSearch(values: OrderFilterValues): void }) {
  const [form] = Form.useForm<OrderFilterValues>();
  // Back from an order, or a link with ?memberId=: the form shows what the URL filters by.
  useEffect(() => form.setFieldsValue(values), [form, values]);
  return (
    <Form form={form} layout="inline" onFinish={onSearch} style={{ marginBottom: 16, rowGap: 12 }} data-testid="order-filter">
      <Form.Item name="q" label="买家" rules={[schemaRule(orderSearchSchema, (value) => emptyToUndefined(typeof value === 'string' ? value.trim() : value))]}>
        <Input placeholder="手机号（完整）或昵称、收货人" allowClear style={{ width: 220 }} aria-label="买家手机号或姓名" />
      </Form.Item>
      <Form.Item
        name="orderNo"
        label="订单号"
        rules={[schemaRule(adminOrderListQuerySchema.shape.orderNo, (value) => emptyToUndefined(normalizeOrderNo(value)))]}
      >
        <Input placeholder="完整订单号，精确匹配" allowClear style={{ width: 240 }} aria-label="订单号" />
      </Form.Item>
      <Form.Item name="memberId" label="会员 ID">
        <InputNumber min={1} precision={0} placeholder="如 12" style={{ width: 110 }} aria-label="会员 ID" />
      </Form.Item>
      <Form.Item name="dates" label="下单日期">
        <DatePicker.RangePicker allowEmpty={[true, true]} aria-label="下单日期" />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit">
          搜索
        </Button>
        <Button
          onClick={() => {
            form.resetFields();
            onSearch({});
          }}
        >
          重置
        </Button>
      </Space>
    </Form>
  );
}

/** 订单: status tabs with counts, search by order number / buyer phone or name / member / day, CSV export, 批量发货; paid orders link to 发货. */
export function OrderListPage() {
  const { can } = useSession();
  const canManage = can('orders:manage');
  const [searchParams, setSearchParams] = useSearchParams();
  const searchKey = searchParams.toString();
  const filter = useMemo(() => filterOfSearchParams(new URLSearchParams(searchKey)), [searchKey]);
  const formValues = useMemo(() => valuesOfFilter(filter), [filter]);
  const query = useMemo(() => listQueryOf(filter), [filter]);
  const pages = useCursorPages((cursor, limit, signal) => ordersApi.list(query, cursor, limit, signal), [query]);
  const [isImporting, setIsImporting] = useState(false);
  const [shippedBatches, setShippedBatches] = useState(0);
  const { status: _status, ...countsQuery } = query;

  return (
    <Card
      title="订单"
      extra={
        <Space>
          {canManage ? (
            <Button icon={<UploadOutlined />} onClick={() => setIsImporting(true)} data-testid="ship-import-open">
              批量发货
            </Button>
          ) : (
            <Tag>只读</Tag>
          )}
          <OrderExportButton query={query} />
        </Space>
      }
    >
      <OrderFilterForm
        values={formValues}
        onSearch={(values) => setSearchParams(searchParamsOfFilter(filterOfValues({ ...values, status: filter.status ?? null })))}
      />
      <OrderStatusTabs
        key={shippedBatches}
        query={countsQuery}
        status={filter.status}
        onChange={(status) => setSearchParams(searchParamsOfFilter({ ...filter, status }))}
      />
      {isImporting && (
        <ShipImportDialog
          onClose={() => setIsImporting(false)}
          onShipped={() => {
            setShippedBatches((count) => count + 1);
            pages.reload();
          }}
        />
      )}
      <Table<AdminOrderSummary>
        rowKey="id"
        loading={pages.isLoading}
        dataSource={pages.items}
        pagination={false}
        data-testid="order-table"
        locale={{ emptyText: '没有符合条件的订单' }}
        columns={[
          {
            className: 'nowrap',
            title: '订单号',
            dataIndex: 'orderNo',
            render: (orderNo: string, order) => <Link to={`/orders/${order.id}`}>{orderNo}</Link>,
          },
          { className: 'nowrap', title: '下单时间', dataIndex: 'createdAt', render: formatTime },
          { className: 'nowrap', title: '买家', key: 'buyer', render: (_, order) => <BuyerLink buyer={order.buyer} /> },
          { title: '商品', key: 'goods', render: (_, order) => goodsLabel(order) },
          {
            className: 'nowrap',
            title: '收货人',
            key: 'recipient',
            // The full phone is for shipping: only the detail page (and the ship dialog) show it.
            render: (_, order) => `${order.address.recipientName} ${maskPhone(order.address.phone)}`,
          },
          { className: 'nowrap', title: '实付', dataIndex: 'payableFen', align: 'right', render: money },
          {
            className: 'nowrap',
            title: '已退款',
            dataIndex: 'refundedFen',
            align: 'right',
            render: (fen: number) => (fen > 0 ? <Typography.Text type="danger">{money(fen)}</Typography.Text> : '—'),
          },
          {
            className: 'nowrap',
            title: '状态',
            dataIndex: 'status',
            render: (status: OrderStatus) => <Tag color={ORDER_STATUS_COLORS[status]}>{ORDER_STATUS_NAMES[status]}</Tag>,
          },
          {
            className: 'nowrap',
            title: '操作',
            key: 'actions',
            render: (_, order) => (
              <Space>
                <Link to={`/orders/${order.id}`}>详情</Link>
                {/* Shipping happens on the detail page, where the recipient's full phone is shown. */}
                {canManage && order.status === 'paid' && <Link to={`/orders/${order.id}?ship=1`}>发货</Link>}
              </Space>
            ),
          },
        ]}
      />
      <CursorPager pages={pages} />
    </Card>
  );
}
