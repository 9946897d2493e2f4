import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useSession } from '../../auth/SessionProvider';
import { reportError } from '../../errors/report-error';
import { formatTime } from '../../format';
import { useApiData } from '../../hooks/use-api-data';
import { segmentsApi, type SegmentView } from './segments-api';

type StatusFilter = 'active' | 'archived';

/** 分群列表: saved segments with their last count; create, open, archive. */
export function SegmentListPage() {
  const { can } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const canWrite = can('segments:write');
  const [status, setStatus] = useState<StatusFilter>('active');
  const { data, isLoading, reload } = useApiData((signal) => segmentsApi.list(signal), []);
  const rows = (data ?? []).filter((segment) => segment.status === status);

  const archive = async (segment: SegmentView) => {
    try {
      await segmentsApi.archive(segment.id);
      message.success(`已归档分群「${segment.name}」`);
      reload();
    } catch (error) {
      reportError(error);
    }
  };

  return (
    <Card
      title="分群"
      extra={
        canWrite ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/segments/new')} data-testid="segment-create">
            新建分群
          </Button>
        ) : (
          <Tag>只读</Tag>
        )
      }
    >
      <Segmented<StatusFilter>
        style={{ marginBottom: 16 }}
        aria-label="分群状态"
        value={status}
        onChange={setStatus}
        options={[
          { value: 'active', label: '使用中' },
          { value: 'archived', label: '已归档' },
        ]}
      />
      <Table<SegmentView>
        rowKey="id"
        loading={isLoading}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        data-testid="segment-table"
        locale={{ emptyText: status === 'active' ? '还没有分群，点「新建分群」按条件圈选会员' : '没有已归档的分群' }}
        columns={[
          {
            title: '分群名称',
            dataIndex: 'name',
            render: (name: string, segment) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/segments/${segment.id}`}>{name}</Link>
                {segment.description ? <Typography.Text type="secondary">{segment.description}</Typography.Text> : null}
              </Space>
            ),
          },
          {
            className: 'nowrap',
            title: '人数',
            dataIndex: 'lastCount',
            align: 'right',
            render: (value: number | null) => (value === null ? '—' : `${value.toLocaleString('zh-CN')} 人`),
          },
          { className: 'nowrap', title: '最近统计', dataIndex: 'lastCountedAt', render: formatTime },
          { className: 'nowrap', title: '更新时间', dataIndex: 'updatedAt', render: formatTime },
          {
            className: 'nowrap',
            title: '操作',
            key: 'actions',
            render: (_, segment) => (
              <Space>
                <Link to={`/segments/${segment.id}`}>{canWrite && segment.status === 'active' ? '编辑' : '查看'}</Link>
                {canWrite && segment.status === 'active' && (
                  <Popconfirm
                    title={`归档分群「${segment.name}」？`}
                    description="归档后不再每日统计人数，已有快照保留。"
                    okText="归档"
                    cancelText="取消"
                    onConfirm={() => archive(segment)}
                  >
                    <Typography.Link type="danger">归档</Typography.Link>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
