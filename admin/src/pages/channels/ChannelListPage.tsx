import { PlusOutlined } from '@ant-design/icons';
import { CHANNEL_KIND_LABELS, CHANNEL_KINDS, type ChannelKind } from '@siyu/shared';
import { App, Button, Card, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { channelsApi, type ChannelStatus, type ChannelView } from '../../api/channels';
import { useSession } from '../../auth/SessionProvider';
import { reportError } from '../../errors/report-error';
import { money } from '../../format';
import { useApiData } from '../../hooks/use-api-data';
import { ChannelFormDrawer } from './ChannelFormDrawer';
import { CHANNEL_STATUS_COLORS, CHANNEL_STATUS_NAMES, count } from './channel-labels';
import { periodText } from './channel-form';

/** 渠道列表: every channel with its period, owner, plan and codes; filter by kind and status; create, edit, archive. */
export function ChannelListPage() {
  const { can } = useSession();
  const { message } = App.useApp();
  const canWrite = can('channels:write');
  const navigate = useNavigate();
  const [kind, setKind] = useState<ChannelKind | undefined>();
  const [status, setStatus] = useState<ChannelStatus | undefined>('active');
  const { data, isLoading, reload } = useApiData((signal) => channelsApi.list({}, signal), []);
  const [editing, setEditing] = useState<ChannelView | 'new' | null>(null);
  const rows = (data ?? []).filter((channel) => (!kind || channel.kind === kind) && (!status || channel.status === status));

  const archive = async (channel: ChannelView) => {
    try {
      await channelsApi.archive(channel.id);
      message.success(`已归档 ${channel.name}`);
      reload();
    } catch (error) {
      reportError(error);
    }
  };

  return (
    <Card
      title="渠道列表"
      extra={
        canWrite ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="channel-create">
            新建渠道
          </Button>
        ) : (
          <Tag>只读</Tag>
        )
      }
    >
      <Space style={{ marginBottom: 16 }} wrap>
        <Select<ChannelKind>
          allowClear
          placeholder="全部类型"
          style={{ width: 160 }}
          value={kind}
          onChange={setKind}
          options={CHANNEL_KINDS.map((value) => ({ value, label: CHANNEL_KIND_LABELS[value] }))}
          aria-label="渠道类型"
        />
        <Select<ChannelStatus>
          allowClear
          placeholder="全部状态"
          style={{ width: 140 }}
          value={status}
          onChange={setStatus}
          options={(['active', 'archived'] as const).map((value) => ({ value, label: CHANNEL_STATUS_NAMES[value] }))}
          aria-label="渠道状态"
        />
      </Space>
      <Table<ChannelView>
        rowKey="id"
        loading={isLoading}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        data-testid="channel-table"
        locale={{ emptyText: '还没有渠道' }}
        columns={[
          { title: '渠道名称', dataIndex: 'name', render: (name: string, channel) => <Link to={`/channels/${channel.id}`}>{name}</Link> },
          { className: 'nowrap', title: '类型', dataIndex: 'kind', render: (value: ChannelKind) => CHANNEL_KIND_LABELS[value] },
          {
            className: 'nowrap',
            title: '周期',
            key: 'period',
            // Two lines (start, then 至 end) so the row fits 1440 px with its actions.
            render: (_, channel) => {
              const [start, end] = periodText(channel).split(' 至 ');
              return end === undefined ? (
                start
              ) : (
                <>
                  <div>{start}</div>
                  <Typography.Text type="secondary">至 {end}</Typography.Text>
                </>
              );
            },
          },
          {
            className: 'nowrap',
            title: '负责人',
            key: 'owner',
            render: (_, channel) => channel.ownerName ?? (channel.ownerStaffId ? `员工 #${channel.ownerStaffId}` : '—'),
          },
          { className: 'nowrap', title: '计划触达', dataIndex: 'plannedReach', align: 'right', render: count },
          { className: 'nowrap', title: '计划会员', dataIndex: 'plannedMembers', align: 'right', render: count },
          { className: 'nowrap', title: '计划GMV', dataIndex: 'plannedGmvFen', align: 'right', render: money },
          {
            className: 'nowrap',
            title: '入口码',
            dataIndex: 'codeCount',
            align: 'right',
            render: (value?: number) => (value === undefined ? '—' : `${count(value)} 个`),
          },
          {
            className: 'nowrap',
            title: '状态',
            dataIndex: 'status',
            render: (value: ChannelStatus) => <Tag color={CHANNEL_STATUS_COLORS[value]}>{CHANNEL_STATUS_NAMES[value]}</Tag>,
          },
          {
            className: 'nowrap',
            title: '操作',
            key: 'actions',
            render: (_, channel) => (
              <Space>
                {!canWrite || channel.status !== 'active' ? <Link to={`/channels/${channel.id}`}>查看</Link> : null}
                {canWrite && channel.status === 'active' && (
                  <>
                    <Typography.Link onClick={() => setEditing(channel)}>编辑</Typography.Link>
                    <Popconfirm
                      title={`归档渠道「${channel.name}」？`}
                      description="归档后不再接收新的入口码，历史数据保留。"
                      okText="归档"
                      cancelText="取消"
                      onConfirm={() => archive(channel)}
                    >
                      <Typography.Link type="danger">归档</Typography.Link>
                    </Popconfirm>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <ChannelFormDrawer
          channel={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            const isNew = editing === 'new';
            setEditing(null);
            message.success(`已保存 ${saved.name}`);
            if (isNew) navigate(`/channels/${saved.id}`);
            else reload();
          }}
        />
      )}
    </Card>
  );
}
