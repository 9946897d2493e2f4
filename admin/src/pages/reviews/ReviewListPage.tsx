import { REVIEW_STATUSES, reviewStatusSchema, type AdminReviewView, type ReviewStatus } from '@siyu/shared';
import { App, Button, Card, Image, Radio, Rate, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { reviewsApi } from '../../api/reviews';
import { useSession } from '../../auth/SessionProvider';
import { CursorPager } from '../../components/CursorPager';
import { reportError } from '../../errors/report-error';
import { formatTime } from '../../format';
import { useCursorPages } from '../../hooks/use-cursor-pages';
import { RejectReviewModal } from './RejectReviewModal';
import { REVIEW_STATUS_NAMES, rewardText } from './review-labels';

const STATUS_COLORS: Readonly<Record<ReviewStatus, string>> = { pending: 'orange', approved: 'green', rejected: 'red' };

/** ?status= of the list; nothing means the queue (待审核). */
export function reviewStatusOfParam(value: string | null): ReviewStatus {
  const parsed = reviewStatusSchema.safeParse(value ?? 'pending');
  return parsed.success ? parsed.data : 'pending';
}

function columns(
  canModerate: boolean,
  onApprove: (review: AdminReviewView) => void,
  onReject: (review: AdminReviewView) => void,
): ColumnsType<AdminReviewView> {
  return [
    {
      title: '商品',
      key: 'product',
      width: 220,
      render: (_, review) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{review.title}</Typography.Text>
          {review.specsText && <Typography.Text type="secondary">{review.specsText}</Typography.Text>}
        </Space>
      ),
    },
    { title: '评分', dataIndex: 'rating', width: 150, render: (rating: number) => <Rate disabled value={rating} style={{ fontSize: 14 }} /> },
    {
      title: '评价内容',
      key: 'content',
      render: (_, review) => (
        <Space orientation="vertical" size={4}>
          <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{review.content}</Typography.Paragraph>
          {review.images.length > 0 && (
            <Image.PreviewGroup>
              <Space size={4} wrap>
                {review.images.map((url) => (
                  <Image key={url} src={url} width={56} height={56} style={{ objectFit: 'cover' }} alt="评价图片" />
                ))}
              </Space>
            </Image.PreviewGroup>
          )}
          {review.rejectReason && <Typography.Text type="danger">驳回原因：{review.rejectReason}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: '会员',
      key: 'member',
      width: 140,
      render: (_, review) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text>{review.memberNickname || `会员 ${review.memberId}`}</Typography.Text>
          {review.isAnonymous && <Tag>匿名展示</Tag>}
        </Space>
      ),
    },
    { title: '提交时间', dataIndex: 'createdAt', width: 160, render: (at: string) => formatTime(at) },
    { title: '状态', dataIndex: 'status', width: 90, render: (status: ReviewStatus) => <Tag color={STATUS_COLORS[status]}>{REVIEW_STATUS_NAMES[status]}</Tag> },
    {
      title: '操作',
      key: 'actions',
      width: 150,
      fixed: 'right',
      render: (_, review) =>
        canModerate && review.status === 'pending' ? (
          <Space>
            <Button type="primary" size="small" onClick={() => onApprove(review)}>
              通过
            </Button>
            <Button danger size="small" onClick={() => onReject(review)}>
              驳回
            </Button>
          </Space>
        ) : null,
    },
  ];
}

/**
 * 评价审核: members' reviews waiting for moderation first; staff with reviews:moderate approve (the shop
 * shows it; a member's first approved review earns the 首次评价 reward) or reject with a reason.
 */
export function ReviewListPage() {
  const { can } = useSession();
  const { message } = App.useApp();
  const canModerate = can('reviews:moderate');
  const [searchParams, setSearchParams] = useSearchParams();
  const status = reviewStatusOfParam(searchParams.get('status'));
  const pages = useCursorPages((cursor, limit, signal) => reviewsApi.list(status, cursor, limit, signal), [status]);
  const [rejecting, setRejecting] = useState<AdminReviewView | null>(null);

  const approve = async (review: AdminReviewView) => {
    try {
      const approved = await reviewsApi.approve(review.id);
      message.success(rewardText(approved.reward));
    } catch (error) {
      if (isApiError(error, 'REVIEW_ALREADY_MODERATED', 'REVIEW_NOT_FOUND')) message.warning(error.friendlyMessage);
      else reportError(error);
    }
    pages.reload();
  };

  return (
    <Card title="评价审核" extra={canModerate ? null : <Tag>只读</Tag>}>
      <Radio.Group
        optionType="button"
        buttonStyle="solid"
        value={status}
        onChange={(event) => setSearchParams(event.target.value === 'pending' ? {} : { status: String(event.target.value) })}
        options={REVIEW_STATUSES.map((value) => ({ value, label: REVIEW_STATUS_NAMES[value] }))}
        aria-label="按状态筛选"
        style={{ marginBottom: 16 }}
      />
      <Table<AdminReviewView>
        rowKey="id"
        size="middle"
        loading={pages.isLoading}
        dataSource={pages.items}
        pagination={false}
        scroll={{ x: 1100 }}
        columns={columns(canModerate, (review) => void approve(review), setRejecting)}
        locale={{ emptyText: status === 'pending' ? '没有待审核的评价' : '暂无评价' }}
      />
      <CursorPager pages={pages} />
      {rejecting && (
        <RejectReviewModal
          review={rejecting}
          onClose={() => setRejecting(null)}
          onDone={() => {
            setRejecting(null);
            message.success('已驳回');
            pages.reload();
          }}
        />
      )}
    </Card>
  );
}
