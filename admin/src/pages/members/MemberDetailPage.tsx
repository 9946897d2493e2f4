import { EditOutlined, GiftOutlined, ShoppingOutlined, StarOutlined, TagsOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Row, Space, Spin } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { memberLedgersApi } from '../../api/membership';
import { useSession } from '../../auth/SessionProvider';
import { useApiData } from '../../hooks/use-api-data';
import { LedgerAdjustModal } from '../membership/common/LedgerAdjustModal';
import { IssueMemberCouponModal } from './IssueMemberCouponModal';
import { memberCrmApi, tagsApi } from './member-api';
import { MemberInsightCards, MemberSpendCard } from './MemberInsightCards';
import { MemberNotesCard, NoteModal } from './MemberNotesCard';
import { MemberProfileCard } from './MemberProfileCard';
import { MemberTagsCard } from './MemberTagsCard';
import { MemberTimelineCard } from './MemberTimelineCard';
import { MemberGrowthCard } from './membership/MemberGrowthCard';
import { MemberPointsCard } from './membership/MemberPointsCard';
import { TagMembersModal } from './TagMembersModal';

type Dialog = 'tag' | 'note' | 'coupon' | 'points' | null;

/**
 * 会员详情 (member 360): profile with the masked phone (the full number only with members:phone, logged),
 * RFM cell and scores, lifecycle, tier and points, spend, tags, a timeline of everything that happened and
 * staff notes; actions 打标签, 写备注, 发券, 调整积分 for the roles that may. The growth and points ledgers follow.
 */
export function MemberDetailPage() {
  const memberId = Number(useParams().memberId);
  const { can } = useSession();
  const { message } = App.useApp();
  const { data: member, isLoading, error, reload } = useApiData((signal) => memberCrmApi.get(memberId, signal), [memberId]);
  const canTag = can('members:tag');
  const { data: groups } = useApiData((signal) => (canTag ? tagsApi.groups(signal) : Promise.resolve([])), [canTag]);
  const [dialog, setDialog] = useState<Dialog>(null);
  // Bumped after a write: the timeline, notes and ledgers read again.
  const [version, setVersion] = useState(0);
  const changed = () => {
    setVersion((value) => value + 1);
    reload();
  };

  if (isLoading && !member) return <Spin style={{ display: 'block', margin: 80 }} />;
  if (!member) return <Card>{isApiError(error, 'MEMBER_NOT_FOUND', 'NOT_FOUND') || !error ? '会员不存在' : '会员信息暂时无法读取，请稍后重试'}</Card>;
  const name = member.nickname || `会员 ${member.id}`;

  const actions = (
    <Space wrap>
      {canTag && (
        <Button icon={<TagsOutlined />} onClick={() => setDialog('tag')} data-testid="action-tag">
          打标签
        </Button>
      )}
      {canTag && (
        <Button icon={<EditOutlined />} onClick={() => setDialog('note')} data-testid="action-note">
          写备注
        </Button>
      )}
      {can('coupons:issue') && can('promotions:read') && (
        <Button icon={<GiftOutlined />} onClick={() => setDialog('coupon')} data-testid="action-coupon">
          发券
        </Button>
      )}
      {can('membership:adjust') && (
        <Button icon={<StarOutlined />} onClick={() => setDialog('points')} data-testid="action-points">
          调整积分
        </Button>
      )}
      {can('orders:read') && (
        <Link to={`/orders?memberId=${member.id}`}>
          <Button icon={<ShoppingOutlined />}>该会员的订单</Button>
        </Link>
      )}
    </Space>
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="member-360">
      <MemberProfileCard member={member} actions={actions} />
      <MemberInsightCards member={member} />
      <MemberSpendCard member={member} />
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <MemberTimelineCard memberId={memberId} version={version} />
        </Col>
        <Col xs={24} xl={9}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <MemberTagsCard memberId={memberId} tags={member.tags ?? []} onAdd={() => setDialog('tag')} onChanged={changed} />
            <MemberNotesCard memberId={memberId} version={version} onWrite={() => setDialog('note')} />
          </Space>
        </Col>
      </Row>
      {/* A growth adjustment may move the member to another tier: the header reads it again. */}
      <MemberGrowthCard key={`growth-${version}`} memberId={memberId} onAdjusted={changed} />
      <MemberPointsCard key={`points-${version}`} memberId={memberId} />

      {dialog === 'tag' && (
        <TagMembersModal
          memberIds={[memberId]}
          groups={groups ?? []}
          exclude={(member.tags ?? []).map((tag) => tag.id)}
          onClose={() => setDialog(null)}
          onDone={(text) => {
            setDialog(null);
            message.success(text);
            changed();
          }}
        />
      )}
      {dialog === 'note' && (
        <NoteModal
          memberId={memberId}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            message.success('备注已保存');
            changed();
          }}
        />
      )}
      {dialog === 'coupon' && <IssueMemberCouponModal memberId={memberId} memberName={name} onClose={() => setDialog(null)} onIssued={changed} />}
      {dialog === 'points' && (
        <LedgerAdjustModal
          unit="积分"
          current={`${(member.pointsBalance ?? 0).toLocaleString('zh-CN')} 积分`}
          onClose={() => setDialog(null)}
          onSubmit={async (body) => {
            await memberLedgersApi.adjustPoints(memberId, body);
            setDialog(null);
            message.success('积分已调整');
            changed();
          }}
        />
      )}
    </Space>
  );
}
