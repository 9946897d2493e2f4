import { Text, View } from '@tarojs/components';
import { TIER_NAMES, type MembershipView, type MeResponse, type PointsSummaryView } from '@siyu/shared';
import { membershipPages } from '../../../api/membership';
import { formatCount } from '../../../components/TierBadge';
import { TierCard } from '../../../components/TierCard';

/** The tier card with the points line, or a plain card that leads to 会员中心 (after login for a guest). */
export function MemberSummary({
  member,
  membership,
  points,
  onLoginFirst,
}: {
  member: MeResponse | null;
  membership: MembershipView | null;
  points: PointsSummaryView | null;
  onLoginFirst: (open: () => void) => void;
}) {
  if (!membership) {
    return (
      <View className='card me__tier-card' onClick={() => onLoginFirst(membershipPages.member)}>
        <View>
          <Text className='me__tier-card-title'>{member ? `${TIER_NAMES[member.tierCode]}会员` : '会员等级'}</Text>
          <Text className='me__tier-card-desc'>{member ? '成长值与等级权益' : '登录后查看等级、成长值与积分'}</Text>
        </View>
        <Text className='me__soon'>会员中心 ›</Text>
      </View>
    );
  }
  return (
    <View className='me__tier-summary'>
      <TierCard
        variant='compact'
        view={membership}
        onClick={membershipPages.member}
        footer={
          points ? (
            <View
              className='me__tier-points'
              onClick={(event) => {
                // The points line opens 我的积分 (checking in when still to do), not 会员中心.
                event.stopPropagation();
                membershipPages.points({ checkIn: !points.checkin.checkedInToday });
              }}
            >
              <Text>
                可用积分 <Text className='me__tier-points-value'>{formatCount(points.available)}</Text>
                {points.pending > 0 ? ` · 待入账 ${formatCount(points.pending)}` : ''}
              </Text>
              <Text className='me__tier-points-link'>{points.checkin.checkedInToday ? '今日已签到' : '去签到 ›'}</Text>
            </View>
          ) : null
        }
      />
    </View>
  );
}
