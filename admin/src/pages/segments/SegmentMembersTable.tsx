import { LIFECYCLE_STAGES, RFM_CELLS, TIER_NAMES } from '@siyu/shared';
import type { SegmentDefinitionInput } from '@siyu/shared';
import { Avatar, Space, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { CursorPager } from '../../components/CursorPager';
import { formatTime, money } from '../../format';
import { useCursorPages } from '../../hooks/use-cursor-pages';
import { segmentsApi, type SegmentMember } from './segments-api';

const nameOf = <T extends { code: string; name: string }>(list: readonly T[], code: string | null) =>
  code ? (list.find((item) => item.code === code)?.name ?? '—') : '—';

/** The members of a definition (the one last counted), page by page. */
export function SegmentMembersTable({ definitionKey }: { definitionKey: string }) {
  const pages = useCursorPages<SegmentMember>(
    (cursor, limit) => segmentsApi.members(JSON.parse(definitionKey) as SegmentDefinitionInput, cursor, limit),
    [definitionKey],
    10,
  );
  return (
    <>
      <Table<SegmentMember>
        rowKey="id"
        size="small"
        loading={pages.isLoading}
        dataSource={pages.items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="segment-member-table"
        locale={{ emptyText: '没有符合条件的会员' }}
        columns={[
          {
            title: '会员',
            key: 'member',
            render: (_, member) => (
              <Space>
                <Avatar size="small" src={member.avatarUrl ?? undefined}>
                  {(member.nickname ?? '会').slice(0, 1)}
                </Avatar>
                <Link to={`/members/${member.id}`}>{member.nickname ?? `会员 ${member.id}`}</Link>
              </Space>
            ),
          },
          { className: 'nowrap', title: '手机', dataIndex: 'phoneMasked', render: (value: string | null) => value ?? '—' },
          { className: 'nowrap', title: '等级', dataIndex: 'tierCode', render: (value: keyof typeof TIER_NAMES | null) => (value ? TIER_NAMES[value] : '—') },
          { className: 'nowrap', title: '生命周期', dataIndex: 'lifecycle', render: (value: string | null) => nameOf(LIFECYCLE_STAGES, value) },
          {
            className: 'nowrap',
            title: 'RFM',
            dataIndex: 'rfmCell',
            render: (value: string | null) => (value ? <Tag>{nameOf(RFM_CELLS, value)}</Tag> : '—'),
          },
          { className: 'nowrap', title: '订单数', dataIndex: 'paidOrders', align: 'right' },
          { className: 'nowrap', title: '累计消费', dataIndex: 'netPaidFen', align: 'right', render: money },
          { className: 'nowrap', title: '最近消费', dataIndex: 'lastPaidAt', render: formatTime },
        ]}
      />
      <CursorPager pages={pages} />
    </>
  );
}
