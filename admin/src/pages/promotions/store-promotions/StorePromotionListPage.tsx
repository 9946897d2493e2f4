import { PlusOutlined } from '@ant-design/icons';
import type { StorePromotionView } from '@siyu/shared';
import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { storePromotionsApi } from '../../../api/promotions';
import { useSession } from '../../../auth/SessionProvider';
import { reportError } from '../../../errors/report-error';
import { formatTime } from '../../../format';
import { useApiData } from '../../../hooks/use-api-data';
import { ApprovalTag } from '../common/ApprovalTag';
import { STORE_PHASE_COLORS, STORE_PHASE_NAMES } from '../common/promotion-labels';
import { scopeText } from '../common/scope-text';
import { StorePromotionFormModal } from './StorePromotionFormModal';

/** 满减活动: store-wide promotions with their window and phase; create and stop (promotions:write). */
export function StorePromotionListPage() {
  const { can } = useSession();
  const canWrite = can('promotions:write');
  const { message } = App.useApp();
  const { data, isLoading, reload } = useApiData((signal) => storePromotionsApi.list(signal), []);
  const [isCreating, setIsCreating] = useState(false);

  const stop = async (promotion: StorePromotionView) => {
    try {
      await storePromotionsApi.stop(promotion.id);
      message.success(`「${promotion.name}」已停止`);
      reload();
    } catch (error) {
      reportError(error);
    }
  };

  return (
    <Card
      title="满减活动"
      extra={
        canWrite ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setIsCreating(true)}>
            新建活动
          </Button>
        ) : (
          <Tag>只读</Tag>
        )
      }
    >
      <Table<StorePromotionView>
        rowKey="id"
        loading={isLoading}
        dataSource={data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid="store-promotion-table"
        locale={{ emptyText: '还没有满减活动' }}
        columns={[
          { title: '活动名称', dataIndex: 'name', render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
          { title: '规则', dataIndex: 'ruleText' },
          { title: '范围', key: 'scope', render: (_, promotion) => scopeText(promotion.scope) },
          { className: 'nowrap', title: '开始', dataIndex: 'startsAt', render: formatTime },
          { className: 'nowrap', title: '结束', dataIndex: 'endsAt', render: formatTime },
          {
            className: 'nowrap',
            title: '状态',
            key: 'phase',
            render: (_, promotion) => (
              <Space size={4}>
                <Tag color={STORE_PHASE_COLORS[promotion.phase] ?? 'default'}>{STORE_PHASE_NAMES[promotion.phase] ?? promotion.phase}</Tag>
                {promotion.phase !== 'pending_approval' && <ApprovalTag approval={promotion.approval} />}
              </Space>
            ),
          },
          {
            className: 'nowrap',
            title: '操作',
            key: 'actions',
            render: (_, promotion) =>
              canWrite && promotion.status === 'active' && promotion.phase !== 'ended' ? (
                <Popconfirm title="停止这个活动？" description="停止后立即不再参与结算。" okText="停止" cancelText="取消" onConfirm={() => stop(promotion)}>
                  <Button type="link" size="small" danger>
                    停止
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
      {isCreating && (
        <StorePromotionFormModal
          onClose={() => setIsCreating(false)}
          onSaved={(created) => {
            setIsCreating(false);
            if (created.approval.status === 'pending') message.warning(`「${created.name}」已创建，需店主审批后生效`);
            else message.success(`「${created.name}」已创建`);
            reload();
          }}
        />
      )}
    </Card>
  );
}
