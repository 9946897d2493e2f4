import { UserOutlined } from '@ant-design/icons';
import { TIER_NAMES } from '@siyu/shared';
import { Avatar, Card, Descriptions, Space, Spin, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { membersApi } from '../../api/staff';
import { useSession } from '../../auth/SessionProvider';
import { formatTime } from '../../format';
import { useApiData } from '../../hooks/use-api-data';

/** One member, read-only, with a link to their orders. Points and tags join this page in their own issues. */
export function MemberDetailPage() {
  const memberId = Number(useParams().memberId);
  const { can } = useSession();
  const { data: member, isLoading } = useApiData((signal) => membersApi.get(memberId, signal), [memberId]);
  if (isLoading && !member) return <Spin style={{ display: 'block', margin: 80 }} />;
  if (!member) return <Card>会员不存在</Card>;
  return (
    <Card
      title={
        <Space>
          <Avatar src={member.avatarUrl ?? undefined} icon={<UserOutlined />} />
          {member.nickname || '（未设置昵称）'}
          <Tag color="gold">{TIER_NAMES[member.tierCode]}</Tag>
        </Space>
      }
      extra={
        <Space>
          {can('orders:read') && <Link to={`/orders?memberId=${member.id}`}>该会员的订单</Link>}
          <Tag>只读</Tag>
        </Space>
      }
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
  );
}
