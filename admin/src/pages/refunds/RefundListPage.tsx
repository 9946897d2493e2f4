import { REFUND_STATUS_NAMES, REFUND_STATUSES, refundStatusSchema, type AdminRefund, type RefundStatus } from '@siyu/shared';
import { EnvironmentOutlined } from '@ant-design/icons';
import { Button, Card, Radio, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { refundsApi } from '../../api/orders';
import { useSession } from '../../auth/SessionProvider';
import { CursorPager } from '../../components/CursorPager';
import { useCursorPages } from '../../hooks/use-cursor-pages';
import { RefundReviewModal, type ReviewMode } from './RefundReviewModal';
import { RefundTable } from './RefundTable';
import { ReturnAddressModal } from './ReturnAddressModal';

/** ?status= of the list: a refund status, 'all', or nothing (the review queue, 待审核). */
export function refundStatusOfParam(value: string | null): RefundStatus | undefined {
  if (value === 'all') return undefined;
  const parsed = refundStatusSchema.safeParse(value ?? 'requested');
  return parsed.success ? parsed.data : 'requested';
}

/** 退款: the queue of requests waiting for review first; owner and service approve or reject. */
export function RefundListPage() {
  const { can } = useSession();
  const canManage = can('orders:manage');
  const [searchParams, setSearchParams] = useSearchParams();
  const status = refundStatusOfParam(searchParams.get('status'));
  const pages = useCursorPages((cursor, limit, signal) => refundsApi.list(status, cursor, limit, signal), [status]);
  const [reviewing, setReviewing] = useState<{ refund: AdminRefund; mode: ReviewMode } | null>(null);
  const [isEditingAddress, setIsEditingAddress] = useState(false);

  return (
    <Card
      title="退款"
      extra={
        canManage ? (
          <Button icon={<EnvironmentOutlined />} onClick={() => setIsEditingAddress(true)} data-testid="return-address-open">
            退货地址
          </Button>
        ) : (
          <Tag>只读</Tag>
        )
      }
    >
      <Radio.Group
        optionType="button"
        buttonStyle="solid"
        value={status ?? 'all'}
        onChange={(event) => setSearchParams(event.target.value === 'requested' ? {} : { status: String(event.target.value) })}
        options={[...REFUND_STATUSES.map((value) => ({ value, label: REFUND_STATUS_NAMES[value] })), { value: 'all', label: '全部' }]}
        aria-label="按状态筛选"
        style={{ marginBottom: 16 }}
      />
      {status === 'requested' && canManage && (
        <Typography.Paragraph type="secondary">
          仅退款：同意后款项经微信支付原路退回。退货退款：同意后会员看到退货地址并寄回商品，在“买家已寄回”中确认收货后才退款。
        </Typography.Paragraph>
      )}
      <RefundTable
        refunds={pages.items}
        isLoading={pages.isLoading}
        {...(canManage ? { onReview: (refund: AdminRefund, mode: ReviewMode) => setReviewing({ refund, mode }) } : {})}
      />
      <CursorPager pages={pages} />
      {isEditingAddress && <ReturnAddressModal onClose={() => setIsEditingAddress(false)} />}
      {reviewing && (
        <RefundReviewModal
          refund={reviewing.refund}
          mode={reviewing.mode}
          onClose={() => setReviewing(null)}
          onDone={() => {
            setReviewing(null);
            pages.reload();
          }}
        />
      )}
    </Card>
  );
}
