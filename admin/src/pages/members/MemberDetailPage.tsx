import { UserOutlined } from '@ant-design/icons';
import { TIER_NAMES } from '@siyu/shared';
import { Avatar, Card, Descriptions, Space, Spin, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { membersApi } from '../../api/staff';
import { useSession } from '../../auth/SessionProvider';
import { formatTime } from '../../format';
import { useApiData } from '../../hooks/use-api-data';
import { TIER_COLORS } from '../membership/tiers/TierEditor';
import { MemberGrowthCard } from './membership/MemberGrowthCard';
import { MemberPointsCard } from './membership/MemberPointsCard';

/**
 * One member with a link to their orders, their tier and growth ledger, their points (summary, entries,
 * lots); staff with membership:adjust adjust growth or points with a reason. Tags join in their own issue.
 */
export function MemberDetailPage() {
  const memberId = Number(useParams().memberId);
  const { can } = useSession();
  const { data: member, isLoading, reload } = useApiData((signal) => membersApi.get(memberId, signal), [memberId]);
  if (isLoading && !member) return <Spin style={{ display: 'block', margin: 80 }} />;
  if (!member) return <Card>会员不存在</Card>;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <Avatar src={member.avatarUrl ?? undefined} icon={<UserOutlined />} />
            {member.nickname || '（未设置昵称）'}
            <Tag color={TIER_COLORS[member.tierCode]} data-testid="member-tier">
              {TIER_NAMES[member.tierCode]}
            </Tag>
          </Space>
        }
        extra={can('orders:read') && <Link to={`/orders?memberId=${member.id}`}>该会员的订单</Link>}
      >
        <Descriptions
          bordered
          column={2}
          items={[
            { label: '会员 ID', children: member.id },
            { label: '等级', children: TIER_NAMES[member.tierCode] },
            { label: '手机号', children: member.phoneMasked ?? <Typography.Text type="secondary">未绑定</Typography.Text> },
            { label: 'OpenID 末 6 位', children: <Typography.Text code>{member.openidSuffix}</Typography.Text> },
            { label: '注册时间', children: formatTime(member.createdAt) },
            { label: '最近登录', children: formatTime(member.lastLoginAt) },
          ]}
        />
      </Card>
      {/* A growth adjustment may move the member to another tier: the header reads it again. */}
      <MemberGrowthCard memberId={memberId} onAdjusted={reload} />
      <MemberPointsCard memberId={memberId} />
    </Space>
  );
}
