import { EyeOutlined, UserOutlined } from '@ant-design/icons';
import { TIER_NAMES } from '@siyu/shared';
import { Avatar, Button, Card, Descriptions, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useSession } from '../../auth/SessionProvider';
import { reportError } from '../../errors/report-error';
import { formatTime } from '../../format';
import { TIER_COLORS } from '../membership/tiers/TierEditor';
import { memberCrmApi, type Member360 } from './member-api';
import { birthdayText, chinaDate, chinaTime, CONSENT_CHANNEL_NAMES, LIFECYCLE_COLORS, lifecycleText, nameIn, RFM_COLORS, rfmText } from './member-labels';

/** The masked phone; with members:phone, 查看完整号码 (POST …/phone, recorded in the audit log every time). */
function PhoneCell({ member }: { member: Member360 }) {
  const { can } = useSession();
  const [phone, setPhone] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  if (!member.phoneMasked) return <Typography.Text type="secondary">未绑定</Typography.Text>;
  const reveal = async () => {
    setIsBusy(true);
    try {
      setPhone((await memberCrmApi.revealPhone(member.id)).phone);
    } catch (error) {
      reportError(error);
    } finally {
      setIsBusy(false);
    }
  };
  return (
    <Space wrap>
      <Typography.Text data-testid="member-phone" copyable={phone ? { text: phone, tooltips: ['复制', '已复制'] } : false}>
        {phone ?? member.phoneMasked}
      </Typography.Text>
      {phone ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="phone-reveal-note">
          本次查看已记入审计日志
        </Typography.Text>
      ) : (
        can('members:phone') && (
          <Popconfirm title="查看完整手机号？" description="每次查看都会记入审计日志。" okText="查看" cancelText="取消" onConfirm={reveal}>
            <Button size="small" type="link" icon={<EyeOutlined />} loading={isBusy} data-testid="reveal-phone">
              查看完整号码
            </Button>
          </Popconfirm>
        )
      )}
    </Space>
  );
}

/** Header of the member 360: who, how to reach them (masked), where they came from, what they agreed to. */
export function MemberProfileCard({ member, actions }: { member: Member360; actions: ReactNode }) {
  const channels = member.channels;
  const consents = member.consents ?? [];
  return (
    <Card
      data-testid="member-profile"
      title={
        <Space wrap>
          <Avatar size={48} src={member.avatarUrl ?? undefined} icon={<UserOutlined />} />
          <span style={{ fontSize: 18 }}>{member.nickname || '（未设置昵称）'}</span>
          <Tag color={TIER_COLORS[member.tierCode]} data-testid="member-tier">
            {TIER_NAMES[member.tierCode] ?? '—'}
          </Tag>
          <Tag color={LIFECYCLE_COLORS[member.lifecycle?.stage ?? 'prospect']} data-testid="member-lifecycle-tag">
            {member.lifecycle?.name || lifecycleText(member.lifecycle?.stage)}
          </Tag>
          {member.rfm && (
            <Tag color={RFM_COLORS[member.rfm.cell]} data-testid="member-rfm-tag">
              {member.rfm.name || rfmText(member.rfm.cell)}
            </Tag>
          )}
        </Space>
      }
      extra={actions}
    >
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          { label: '会员 ID', children: member.id },
          { label: '手机号', children: <PhoneCell member={member} /> },
          { label: '注册时间', children: chinaTime(member.createdAt) },
          { label: '城市', children: member.city || '—' },
          { label: '生日', children: birthdayText(member.birthday) },
          { label: '最近登录', children: member.lastLoginAt ? formatTime(member.lastLoginAt).slice(0, 16) : '—' },
          {
            label: '来源渠道',
            children: channels?.first ? (
              <span data-testid="member-first-channel">
                {channels.first.name}
                {channels.first.at && <Typography.Text type="secondary">（{chinaDate(channels.first.at)}）</Typography.Text>}
              </span>
            ) : (
              '—'
            ),
          },
          { label: '最近渠道', children: channels?.last?.name ?? '—' },
          {
            label: '偏好品类',
            children: member.favouriteCategories?.length ? member.favouriteCategories.map((category) => <Tag key={category.id}>{category.name}</Tag>) : '—',
          },
          {
            label: '营销授权',
            span: 'filled',
            children:
              consents.length === 0 ? (
                <Typography.Text type="secondary">未授权任何营销渠道</Typography.Text>
              ) : (
                <Space size={4} wrap data-testid="member-consents">
                  {consents.map((consent) => (
                    <Tag key={consent.channel} color={consent.granted ? 'green' : 'default'} title={`更新于 ${chinaTime(consent.updatedAt)}`}>
                      {nameIn(CONSENT_CHANNEL_NAMES, consent.channel)}：{consent.granted ? '已同意' : '已拒绝'}
                    </Tag>
                  ))}
                </Space>
              ),
          },
        ]}
      />
    </Card>
  );
}
