import { lifecycleName, rfmCellName, TIER_NAMES, type LifecycleStage, type RfmCellCode, type TierCode } from '@siyu/shared';
import { Avatar, Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { formatTime, money } from '../../format';
import { count } from './crm-labels';

/** A member row of a segment, an RFM cell, a lifecycle stage or a tag (POST /api/admin/segments/members). */
export interface MemberRowLike {
  id: number;
  nickname: string | null;
  avatarUrl: string | null;
  phoneMasked: string | null;
  tierCode: TierCode | null;
  lifecycle: LifecycleStage | null;
  rfmCell: RfmCellCode | null;
  paidOrders: number;
  netPaidFen: number;
  lastPaidAt: string | null;
}

export interface MemberColumnOptions {
  /** A leading ID column (the tag drawer, where ids are typed to add members). */
  id?: boolean;
  /** The 订单数 column (default shown). */
  orders?: boolean;
}

/** The columns every member listing of 用户分层 shares (segment builder, RFM / lifecycle drill-down, tag members). */
export function memberColumns<T extends MemberRowLike>({ id = false, orders = true }: MemberColumnOptions = {}): ColumnsType<T> {
  const columns: ColumnsType<T> = [
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
