import { TagsOutlined, UserOutlined } from '@ant-design/icons';
import { LIFECYCLE_STAGES, RFM_CELLS, TIER_CODES, TIER_NAMES, type TierCode } from '@siyu/shared';
import { App, Avatar, Button, Card, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { channelsApi } from '../../api/channels';
import { useSession } from '../../auth/SessionProvider';
import { CursorPager } from '../../components/CursorPager';
import { money } from '../../format';
import { useApiData } from '../../hooks/use-api-data';
import { useCursorPages } from '../../hooks/use-cursor-pages';
import { TIER_COLORS } from '../membership/tiers/TierEditor';
import { memberCrmApi, tagsApi, type MemberListRow, type MemberSort } from './member-api';
import { filterFromSearch, filterOfForm, formOfFilter, searchOfFilter, type MemberFilterForm } from './member-filter';
import { chinaDate, LIFECYCLE_COLORS, lifecycleText, RFM_COLORS, rfmText } from './member-labels';
import { TagChips } from './TagChips';
import { TagMembersModal } from './TagMembersModal';

const SORT_COLUMNS: Readonly<Record<string, MemberSort>> = { netPaidFen: 'netPaidFen', paidOrders: 'paidOrders', lastPaidAt: 'lastPaidAt' };

/**
 * 会员: who they are, what they spent, where they came from. Filters (keyword, last four digits of the
 * phone or the whole number, tier, lifecycle, RFM cell, tag, source channel, spend range) and the sort live
 * in the URL; phones are only ever shown masked. Staff with members:tag select rows and tag them at once.
 */
export function MembersPage() {
  const { can } = useSession();
  const { message } = App.useApp();
  const [searchParams, setSearchParams] = useSearchParams();
  const filter = useMemo(() => filterFromSearch(searchParams), [searchParams]);
  const [form] = Form.useForm<MemberFilterForm>();
  const canTag = can('members:tag');
  const canReadChannels = can('channels:read');
  const pages = useCursorPages((cursor, limit, signal) => memberCrmApi.list(filter, cursor, limit, signal), [filter]);
  const { data: groups } = useApiData((signal) => tagsApi.groups(signal), []);
  const { data: channels } = useApiData((signal) => (canReadChannels ? channelsApi.list({}, signal) : Promise.resolve([])), [canReadChannels]);
  const [selected, setSelected] = useState<number[]>([]);
  const [isTagging, setIsTagging] = useState(false);

  const tagOptions = (groups ?? [])
    .map((group) => ({
      label: group.name,
      options: group.tags.filter((tag) => tag.status !== 'archived').map((tag) => ({ value: tag.id, label: tag.name })),
    }))
    .filter((group) => group.options.length > 0);

  const apply = (values: MemberFilterForm) => {
    const built = filterOfForm(values, { sort: filter.sort, order: filter.order });
    if (!built.ok) {
      form.setFields([{ name: built.field, errors: [built.message] }]);
      return;
    }
    setSelected([]);
    setSearchParams(searchOfFilter(built.filter));
  };

  const sortOrderOf = (column: MemberSort) => (filter.sort === column ? (filter.order === 'asc' ? 'ascend' : 'descend') : null);

  return (
    <Card
      title="会员"
      extra={
        canTag ? (
          <Button icon={<TagsOutlined />} disabled={selected.length === 0} onClick={() => setIsTagging(true)} data-testid="bulk-tag">
            {selected.length > 0 ? `打标签（${selected.length} 位）` : '打标签'}
          </Button>
        ) : (
          <Tag>只读</Tag>
        )
      }
    >
      <Form<MemberFilterForm>
        form={form}
        layout="inline"
        initialValues={formOfFilter(filter)}
        key={searchParams.toString()}
        onFinish={apply}
        style={{ marginBottom: 16, rowGap: 12 }}
        data-testid="member-filter"
      >
        <Form.Item name="q" label="关键词">
          <Input placeholder="昵称包含的文字" allowClear style={{ width: 170 }} aria-label="关键词" />
        </Form.Item>
        <Form.Item name="phoneText" label="手机号">
          <Input placeholder="后 4 位或完整 11 位" allowClear style={{ width: 170 }} inputMode="numeric" maxLength={13} aria-label="手机号" />
        </Form.Item>
        <Form.Item name="tierCode" label="等级">
          <Select<TierCode>
            allowClear
            placeholder="全部"
            style={{ width: 110 }}
            options={TIER_CODES.map((code) => ({ value: code, label: TIER_NAMES[code] }))}
            aria-label="等级"
          />
        </Form.Item>
        <Form.Item name="lifecycle" label="生命周期">
          <Select
            allowClear
            placeholder="全部"
            style={{ width: 120 }}
            options={LIFECYCLE_STAGES.map((stage) => ({ value: stage.code, label: stage.name }))}
            aria-label="生命周期"
          />
        </Form.Item>
        <Form.Item name="rfmCell" label="RFM 分层">
          <Select
            allowClear
            placeholder="全部"
            style={{ width: 130 }}
            options={RFM_CELLS.map((cell) => ({ value: cell.code, label: cell.name, title: cell.hint }))}
            aria-label="RFM 分层"
          />
        </Form.Item>
        <Form.Item name="tagId" label="标签">
          <Select<number>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="全部"
            style={{ width: 150 }}
            options={tagOptions}
            notFoundContent="还没有标签"
            aria-label="标签"
          />
        </Form.Item>
        {canReadChannels && (
          <Form.Item name="channelId" label="来源渠道">
            <Select<number>
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="全部"
              style={{ width: 160 }}
              options={(channels ?? []).map((channel) => ({ value: channel.id, label: channel.name }))}
              notFoundContent="还没有渠道"
              aria-label="来源渠道"
            />
          </Form.Item>
        )}
        <Form.Item label="累计消费（元）">
          <Space.Compact>
            <Form.Item name="minYuan" noStyle>
              <InputNumber min={0} precision={2} placeholder="最低" style={{ width: 100 }} aria-label="最低消费" />
            </Form.Item>
            <Form.Item name="maxYuan" noStyle>
              <InputNumber min={0} precision={2} placeholder="最高" style={{ width: 100 }} aria-label="最高消费" />
            </Form.Item>
          </Space.Compact>
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            搜索
          </Button>
          <Button
            onClick={() => {
              setSelected([]);
              setSearchParams(new URLSearchParams());
            }}
          >
            重置
          </Button>
        </Space>
      </Form>
      <Typography.Paragraph type="secondary">手机号加密保存：可按后 4 位或完整号码查找，列表中显示为 138****5678。</Typography.Paragraph>
      <Table<MemberListRow>
        rowKey="id"
        loading={pages.isLoading}
        dataSource={pages.items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="member-table"
        locale={{ emptyText: '没有符合条件的会员' }}
        rowSelection={canTag ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]), preserveSelectedRowKeys: true } : undefined}
        onChange={(_, __, sorter) => {
          const one = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<MemberListRow> | undefined;
          const column = one?.columnKey ? SORT_COLUMNS[String(one.columnKey)] : undefined;
          const next = {
            ...filter,
            sort: one?.order && column ? column : undefined,
            order: one?.order ? (one.order === 'ascend' ? 'asc' : 'desc') : undefined,
          } as const;
          setSearchParams(searchOfFilter(next));
        }}
        columns={[
          {
            title: '会员',
            key: 'member',
            className: 'nowrap',
            render: (_, member) => (
              <Space>
                <Avatar src={member.avatarUrl ?? undefined} icon={<UserOutlined />} />
                <Link to={`/members/${member.id}`}>{member.nickname || '（未设置昵称）'}</Link>
              </Space>
            ),
          },
          {
            title: '手机',
            dataIndex: 'phoneMasked',
            className: 'nowrap',
            render: (phone: string | null) => phone ?? <Typography.Text type="secondary">未绑定</Typography.Text>,
          },
          {
            title: '等级',
            dataIndex: 'tierCode',
            className: 'nowrap',
            render: (tier: TierCode) => <Tag color={TIER_COLORS[tier]}>{TIER_NAMES[tier] ?? '—'}</Tag>,
          },
          {
            title: '生命周期',
            dataIndex: 'lifecycle',
            className: 'nowrap',
            render: (code: string | null) => <Tag color={LIFECYCLE_COLORS[code ?? 'prospect']}>{lifecycleText(code)}</Tag>,
          },
          {
            title: 'RFM',
            dataIndex: 'rfmCell',
            className: 'nowrap',
            render: (code: string | null) =>
              code ? <Tag color={RFM_COLORS[code]}>{rfmText(code)}</Tag> : <Typography.Text type="secondary">潜客</Typography.Text>,
          },
          {
            title: '累计消费',
            dataIndex: 'netPaidFen',
            key: 'netPaidFen',
            align: 'right',
            className: 'nowrap',
            sorter: true,
            sortOrder: sortOrderOf('netPaidFen'),
            sortDirections: ['descend', 'ascend'],
            render: money,
          },
          {
            title: '订单数',
            dataIndex: 'paidOrders',
            key: 'paidOrders',
            align: 'right',
            className: 'nowrap',
            sorter: true,
            sortOrder: sortOrderOf('paidOrders'),
            sortDirections: ['descend', 'ascend'],
            render: (value: number | null | undefined) => (value ?? 0).toLocaleString('zh-CN'),
          },
          {
            title: '最近消费',
            dataIndex: 'lastPaidAt',
            key: 'lastPaidAt',
            className: 'nowrap',
            sorter: true,
            sortOrder: sortOrderOf('lastPaidAt'),
            sortDirections: ['descend', 'ascend'],
            render: chinaDate,
          },
          { title: '标签', key: 'tags', render: (_, member) => <TagChips tags={member.tags ?? []} max={3} /> },
          {
            title: '来源渠道',
            key: 'firstChannel',
            className: 'nowrap',
            render: (_, member) =>
              member.firstChannel ? (
                <Typography.Text ellipsis={{ tooltip: member.firstChannel.name }} style={{ maxWidth: 140 }}>
                  {member.firstChannel.name}
                </Typography.Text>
              ) : (
                '—'
              ),
          },
        ]}
      />
      <CursorPager pages={pages} />
      {isTagging && (
        <TagMembersModal
          memberIds={selected}
          groups={groups ?? []}
          onClose={() => setIsTagging(false)}
          onDone={(text) => {
            setIsTagging(false);
            setSelected([]);
            message.success(text);
            pages.reload();
          }}
        />
      )}
    </Card>
  );
}
