import { lifecycleName, rfmCellName, TIER_NAMES, type TierCode } from '@siyu/shared';
import { Avatar, Space, Table, Tag } from 'antd';
import type { TableRowSelection } from 'antd/es/table/interface';
import type { ColumnsType } from 'antd/es/table';
import { CursorPager } from '../../components/CursorPager';
import type { CursorPages } from '../../hooks/use-cursor-pages';
import type { SegmentMember } from '../segments/segments-api';
import { Link } from 'react-router-dom';
import { formatTime, money } from '../../format';
import { count } from './crm-labels';

export interface MemberColumnOptions {
  /** A leading ID column (the tag drawer, where ids are typed to add members). */
  id?: boolean;
  /** The 订单数 column (default shown). */
  orders?: boolean;
}

/** The columns every member listing of 用户分层 shares (segment builder, RFM / lifecycle drill-down, tag members). */
export function memberColumns({ id = false, orders = true }: MemberColumnOptions = {}): ColumnsType<SegmentMember> {
  const columns: ColumnsType<SegmentMember> = [
    {
      title: '会员',
      key: 'member',
      render: (_, member) => (
        <Space>
          <Avatar size="small" src={member.avatarUrl ?? undefined}>
            {(member.nickname ?? '会').slice(0, 1)}
          </Avatar>
          <Link to={`/members/${member.id}`}>{member.nickname || `会员 ${member.id}`}</Link>
        </Space>
      ),
    },
    { className: 'nowrap', title: '手机号', dataIndex: 'phoneMasked', render: (phone: string | null) => phone ?? '—' },
    {
      className: 'nowrap',
      title: '等级',
      dataIndex: 'tierCode',
      render: (tier: TierCode | null) => (tier ? <Tag color="gold">{TIER_NAMES[tier] ?? tier}</Tag> : '—'),
    },
    { className: 'nowrap', title: '生命周期', dataIndex: 'lifecycle', render: (stage: string | null) => (stage ? lifecycleName(stage) : '—') },
    { className: 'nowrap', title: 'RFM', dataIndex: 'rfmCell', render: (cell: string | null) => (cell ? rfmCellName(cell) : '潜客') },
  ];
  if (id) columns.unshift({ className: 'nowrap', title: 'ID', dataIndex: 'id' });
  if (orders) columns.push({ className: 'nowrap', title: '订单数', dataIndex: 'paidOrders', align: 'right', render: count });
  columns.push(
    { className: 'nowrap', title: '累计消费', dataIndex: 'netPaidFen', align: 'right', render: money },
    { className: 'nowrap', title: '最近消费', dataIndex: 'lastPaidAt', render: formatTime },
  );
  return columns;
}

/** A page-by-page member listing (segment members, an RFM cell's, a stage's, a tag's) with its pager. */
export function MemberPagesTable({
  pages,
  testId,
  emptyText,
  columns = {},
  rowSelection,
}: {
  pages: CursorPages<SegmentMember>;
  testId: string;
  emptyText: string;
  columns?: MemberColumnOptions;
  rowSelection?: TableRowSelection<SegmentMember>;
}) {
  return (
    <>
      <Table<SegmentMember>
        rowKey="id"
        size="small"
        loading={pages.isLoading}
        dataSource={pages.items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid={testId}
        locale={{ emptyText }}
        rowSelection={rowSelection}
        columns={memberColumns(columns)}
      />
      <CursorPager pages={pages} />
    </>
  );
}
