import { ABNORMAL_REFUND_HELP, REFUND_STATUS_NAMES, type AdminOrder, type AdminRefund } from '@siyu/shared';
import { Button, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { formatTime, money } from '../../format';
import { REFUND_STATUS_COLORS } from '../../labels';
import { BuyerLink } from '../orders/BuyerLink';
import { refundSummary } from './refund-lines';
import { RefundKindTag } from './RefundReturnInfo';
import type { ReviewMode } from './RefundReviewModal';

interface RefundTableProps {
  refunds: AdminRefund[];
  isLoading: boolean;
  /** The order's lines, to name what each refund returns (the order detail page has them). */
  orderLines?: AdminOrder['lines'];
  /** Leaves out the order column (on the order's own page). */
  isWithinOrder?: boolean;
  /** Absent for roles without 'orders:manage': no review buttons. */
  onReview?: (refund: AdminRefund, mode: ReviewMode) => void;
}

/** Refund requests with their kind, status, restock choice and note; 同意 / 拒绝 on those waiting for review, 确认收货 on returns shipped back. */
export function RefundTable({ refunds, isLoading, orderLines, isWithinOrder = false, onReview }: RefundTableProps) {
  const columns: ColumnsType<AdminRefund> = [
    { className: 'nowrap', title: '申请时间', dataIndex: 'createdAt', render: formatTime },
    { className: 'nowrap', title: '退款单号', dataIndex: 'outRefundNo' },
    ...(isWithinOrder
      ? []
      : ([
          { className: 'nowrap', title: '订单号', key: 'order', render: (_, refund) => <Link to={`/orders/${refund.orderId}`}>{refund.orderNo}</Link> },
          {
            className: 'nowrap',
            title: '会员',
            key: 'buyer',
            render: (_, refund) => <BuyerLink buyer={refund.buyer ?? { id: refund.memberId, nickname: '', phoneMasked: null }} />,
          },
        ] satisfies ColumnsType<AdminRefund>)),
    { title: '退款内容', key: 'lines', minWidth: 150, render: (_, refund) => refundSummary(refund, orderLines ?? refund.orderLines) },
    { className: 'nowrap', title: '退款金额', dataIndex: 'amountFen', align: 'right', render: money },
    { title: '原因', dataIndex: 'reason', minWidth: 120 },
    {
      title: '状态',
      key: 'status',
      minWidth: 130,
      render: (_, refund) => (
        <Space orientation="vertical" size={2}>
          <Space size={4}>
            <RefundKindTag refund={refund} />
            <Tag color={REFUND_STATUS_COLORS[refund.status]}>{REFUND_STATUS_NAMES[refund.status]}</Tag>
          </Space>
          {refund.photos.length > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {`凭证 ${refund.photos.length} 张`}
            </Typography.Text>
          )}
          {refund.returnTrackingNo && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {`寄回：${refund.returnCarrier ?? ''} ${refund.returnTrackingNo}`}
            </Typography.Text>
          )}
          {refund.restock !== null && refund.status !== 'rejected' && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {refund.restock ? '退回库存' : '不退回库存'}
            </Typography.Text>
          )}
          {refund.status === 'abnormal' && (
            <Typography.Text type="warning" data-testid="abnormal-refund-help" style={{ fontSize: 12, display: 'block', maxWidth: 260 }}>
              {ABNORMAL_REFUND_HELP}
            </Typography.Text>
          )}
          {refund.reviewNote && (
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', maxWidth: 220 }}>
              说明：{refund.reviewNote}
            </Typography.Text>
          )}
        </Space>
      ),
    },
  ];
  // The column only when something on the page waits for review.
  if (onReview && refunds.some((refund) => refund.status === 'requested' || refund.status === 'returning')) {
    columns.push({
      className: 'nowrap',
      title: '操作',
      key: 'actions',
      // Kept in view at the right edge: on a 1440 px screen the table is wider than the page and 拒绝 was cut off.
      fixed: 'right',
      render: (_, refund) =>
        refund.status === 'returning' ? (
          <Button type="primary" size="small" onClick={() => onReview(refund, 'receive')}>
            确认收货
          </Button>
        ) : refund.status === 'requested' ? (
          <Space>
            <Button type="primary" size="small" onClick={() => onReview(refund, 'approve')}>
              同意
            </Button>
            <Button danger size="small" onClick={() => onReview(refund, 'reject')}>
              拒绝
            </Button>
          </Space>
        ) : null,
    });
  }
  return (
    <Table<AdminRefund>
      rowKey="id"
      size={isWithinOrder ? 'small' : 'middle'}
      loading={isLoading}
      dataSource={refunds}
      pagination={false}
      data-testid={isWithinOrder ? 'order-refund-table' : 'refund-table'}
      locale={{ emptyText: '没有退款申请' }}
      columns={columns}
      scroll={{ x: 'max-content' }}
    />
  );
}
