import { PlusOutlined } from '@ant-design/icons';
import { LIVE_PLATFORM_NAMES, type LiveSessionView } from '@siyu/shared';
import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { liveSessionsApi } from '../../../api/promotions';
import { useSession } from '../../../auth/SessionProvider';
import { formatTime } from '../../../format';
import { useApiData } from '../../../hooks/use-api-data';
import { LIVE_STATUS_COLORS, LIVE_STATUS_NAMES } from '../common/promotion-labels';
import { LiveSessionFormModal } from './LiveSessionFormModal';

/** 直播: sessions with their status (未开始 / 直播中 / 已结束); create; the detail page does the rest. */
export function LiveSessionListPage() {
  const { can } = useSession();
  const canWrite = can('promotions:write');
  const navigate = useNavigate();
  const { data, isLoading } = useApiData((signal) => liveSessionsApi.list(signal), []);
  const [isCreating, setIsCreating] = useState(false);

  return (
    <Card
      title="直播"
      extra={
        canWrite ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setIsCreating(true)}>
            新建直播
          </Button>
        ) : (
          <Tag>只读</Tag>
        )
      }
    >
      <Table<LiveSessionView>
        rowKey="id"
        loading={isLoading}
        dataSource={data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid="live-session-table"
        locale={{ emptyText: '还没有直播' }}
        columns={[
          { title: '直播标题', dataIndex: 'title', render: (title: string, session) => <Link to={`/promotions/live/${session.id}`}>{title}</Link> },
          { className: 'nowrap', title: '平台', dataIndex: 'platform', render: (platform: LiveSessionView['platform']) => LIVE_PLATFORM_NAMES[platform] },
          { className: 'nowrap', title: '主播', dataIndex: 'hostName' },
          {
            className: 'nowrap',
            title: '时间',
            key: 'time',
            render: (_, session) => (
              <Typography.Text>
                {formatTime(session.startsAt)} 至 {formatTime(session.endedAt ?? session.endsAt)}
              </Typography.Text>
            ),
          },
          { className: 'nowrap', title: '商品', dataIndex: 'productIds', align: 'right', render: (ids: number[]) => `${ids.length} 个` },
          {
            className: 'nowrap',
            title: '状态',
            dataIndex: 'status',
            render: (status: LiveSessionView['status']) => <Tag color={LIVE_STATUS_COLORS[status]}>{LIVE_STATUS_NAMES[status]}</Tag>,
          },
          {
            className: 'nowrap',
            title: '操作',
            key: 'actions',
            render: (_, session) => (
              <Space>
                <Link to={`/promotions/live/${session.id}`}>详情</Link>
              </Space>
            ),
          },
        ]}
      />
      {isCreating && (
        <LiveSessionFormModal
          onClose={() => setIsCreating(false)}
          onSaved={(created) => {
            setIsCreating(false);
            navigate(`/promotions/live/${created.id}`);
          }}
        />
      )}
    </Card>
  );
}
