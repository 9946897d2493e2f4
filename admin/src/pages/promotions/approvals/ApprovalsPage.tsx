import type { PendingApprovalView } from '@siyu/shared';
import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../../api/client';
import { approvalsApi, promotionSettingsApi } from '../../../api/promotions';
import { staffApi } from '../../../api/staff';
import { useSession } from '../../../auth/SessionProvider';
import { reportError } from '../../../errors/report-error';
import { formatTime } from '../../../format';
import { useApiData } from '../../../hooks/use-api-data';
import { BelowCostList } from '../common/BelowCostList';
import { APPROVABLE_KIND_NAMES, approvalReasonText } from '../common/promotion-labels';
import { useSkuNames } from '../common/use-sku-names';

const keyOf = (item: Pick<PendingApprovalView, 'kind' | 'id'>) => `${item.kind}:${item.id}`;

function ReasonCell({ item, maxDepthBp, skuName }: { item: PendingApprovalView; maxDepthBp: number | undefined; skuName(skuId: number): string }) {
  const { reason } = item.approval;
  if (!reason) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space orientation="vertical" size={2}>
      <Tag color="orange">{approvalReasonText(reason, maxDepthBp)}</Tag>
      <BelowCostList reason={reason} skuName={skuName} />
    </Space>
  );
}

/**
 * 审批: promotions waiting for an owner (deeper than the store's maximum, or below cost on some SKU),
 * with the reason. Approving or rejecting needs promotions:approve and someone other than the creator
 * (PROMOTION_APPROVAL_SELF); others see the queue read-only.
 */
export function ApprovalsPage() {
  const { can, staff } = useSession();
  const canApprove = can('promotions:approve');
  const { message } = App.useApp();
  const { data, isLoading, reload } = useApiData((signal) => approvalsApi.list(signal), []);
  const settings = useApiData((signal) => promotionSettingsApi.get(signal), []);
  const [busyKey, setBusyKey] = useState<string | null>(null);
  const skuName = useSkuNames(Boolean(data?.some((item) => item.approval.reason?.belowCost.length)));
  const canListStaff = can('staff:manage');
  const staffList = useApiData(() => (canListStaff ? staffApi.list() : Promise.resolve([])), [canListStaff]);
  const creatorName = (id: number | null) => {
    if (id === null) return '—';
    if (id === staff?.id) return '我';
    return staffList.data?.find((candidate) => candidate.id === id)?.displayName ?? `员工 #${id}`;
  };

  const decide = async (item: PendingApprovalView, decision: 'approve' | 'reject') => {
    setBusyKey(keyOf(item));
    try {
      await (decision === 'approve' ? approvalsApi.approve(item.kind, item.id) : approvalsApi.reject(item.kind, item.id));
      message.success(`「${item.name}」${decision === 'approve' ? '已通过' : '已驳回'}`);
    } catch (error) {
      if (isApiError(error, 'PROMOTION_APPROVAL_SELF', 'PROMOTION_NOT_PENDING')) message.warning(error.friendlyMessage);
      else reportError(error);
    } finally {
      setBusyKey(null);
      reload();
    }
  };

  return (
    <Card title="审批" extra={canApprove ? null : <Tag>只读</Tag>}>
      <Table<PendingApprovalView>
        rowKey={keyOf}
        loading={isLoading}
        dataSource={data ?? []}
        pagination={false}
        data-testid="approval-table"
        locale={{ emptyText: '没有待审批的活动' }}
        columns={[
          { className: 'nowrap', title: '类型', dataIndex: 'kind', render: (kind: PendingApprovalView['kind']) => APPROVABLE_KIND_NAMES[kind] },
          { title: '名称', dataIndex: 'name', render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
          { title: '规则', dataIndex: 'ruleText' },
          { title: '需审批原因', key: 'reason', render: (_, item) => <ReasonCell item={item} maxDepthBp={settings.data?.maxDepthBp} skuName={skuName} /> },
          { className: 'nowrap', title: '创建人', key: 'createdBy', render: (_, item) => creatorName(item.approval.createdBy) },
          { className: 'nowrap', title: '创建时间', dataIndex: 'createdAt', render: formatTime },
          {
            className: 'nowrap',
            title: '操作',
            key: 'actions',
            render: (_, item) => {
              if (!canApprove) return null;
              if (item.approval.createdBy !== null && item.approval.createdBy === staff?.id)
                return <Typography.Text type="secondary">需其他店主审批</Typography.Text>;
              const isBusy = busyKey === keyOf(item);
              return (
                <Space size={0}>
                  <Popconfirm
                    title={`通过「${item.name}」？`}
                    description="通过后活动按设定时间生效。"
                    okText="通过"
                    cancelText="取消"
                    onConfirm={() => decide(item, 'approve')}
                  >
                    <Button type="link" size="small" loading={isBusy}>
                      通过
                    </Button>
                  </Popconfirm>
                  <Popconfirm title={`驳回「${item.name}」？`} okText="驳回" cancelText="取消" onConfirm={() => decide(item, 'reject')}>
                    <Button type="link" size="small" danger disabled={isBusy}>
                      驳回
                    </Button>
                  </Popconfirm>
                </Space>
              );
            },
          },
        ]}
      />
    </Card>
  );
}
