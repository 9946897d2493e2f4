import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { TIER_NAMES, type MembershipView, type PointsSummaryView } from '@siyu/shared';
import { api } from '../../api';
import { fetchMembership, fetchPointsSummary, membershipPages } from '../../api/membership';
import { promotionPages } from '../../api/promotions';
import { fetchMe } from '../../api/shop';
import { PrivacySheet } from '../../components/PrivacySheet';
import { formatCount } from '../../components/TierBadge';
import { TierCard } from '../../components/TierCard';
import { cart } from '../../lib/cart-store';
import { startLogin } from '../../lib/login-entry';
import { go } from '../../lib/navigation';
import type { OrderTabKey } from '../../lib/order-status';
import { openPrivacyContract } from '../../lib/privacy';
import { session, useSession } from '../../lib/session';
import { PhoneBinding } from './components/PhoneBinding';
import './index.css';

/** The order shortcuts: each opens the order list on its tab. */
const ORDER_ENTRIES = [
  { tab: 'pending_payment', name: '待付款', glyph: '付', color: '#ff6034' },
  { tab: 'paid', name: '待发货', glyph: '发', color: '#ff8917' },
  { tab: 'shipped', name: '已发货', glyph: '运', color: '#1989fa' },
  { tab: 'completed', name: '已完成', glyph: '完', color: '#07c160' },
  { tab: 'refund', name: '退款', glyph: '退', color: '#ee0a24' },
] as const satisfies readonly { tab: OrderTabKey; name: string; glyph: string; color: string }[];

type EntryKey = 'member' | 'points' | 'checkin' | 'mall' | 'coupons' | 'center';

const ENTRIES = [
  { key: 'member', name: '会员中心', glyph: '会', color: '#5a5060' },
  { key: 'points', name: '积分', glyph: '积', color: '#ffb300' },
  { key: 'checkin', name: '签到', glyph: '签', color: '#ff8917' },
  { key: 'mall', name: '积分商城', glyph: '兑', color: '#07c160' },
  { key: 'coupons', name: '我的优惠券', glyph: '券', color: '#ee0a24' },
  { key: 'center', name: '领券中心', glyph: '领', color: '#ff6034' },
] as const satisfies readonly { key: EntryKey; name: string; glyph: string; color: string }[];

const soon = () => void Taro.showToast({ title: '即将上线，敬请期待', icon: 'none' });

/** 我的: profile, tier card, phone binding, orders, membership and coupon entries. */
export default function MePage() {
  const { member } = useSession();
  const [membership, setMembership] = useState<MembershipView | null>(null);
  const [points, setPoints] = useState<PointsSummaryView | null>(null);

  useDidShow(() => {
    if (!api.isLoggedIn) return;
    void fetchMe().then(
      (me) => session.setMember(me),
      () => undefined,
    );
    // The card keeps what it showed when a refresh fails (it is a summary; 会员中心 has the details).
    void fetchMembership().then(setMembership, () => undefined);
    void fetchPointsSummary().then(setPoints, () => undefined);
  });

  /** Orders and addresses belong to a member: a guest logs in first. */
  const memberOnly = (open: () => void) => {
    if (member) open();
    else void startLogin();
  };

  const openEntry = (key: EntryKey) => {
    switch (key) {
      case 'member':
        return memberOnly(membershipPages.member);
      case 'points':
        return memberOnly(() => membershipPages.points());
      case 'checkin':
        return memberOnly(() => membershipPages.points({ checkIn: true }));
      case 'mall':
        return membershipPages.mall();
      case 'coupons':
        return memberOnly(promotionPages.myCoupons);
      case 'center':
        return promotionPages.couponCenter();
    }
  };
  // A logged-out member's last card must not show (another member may log in next).
  const shownMembership = member ? membership : null;
  const shownPoints = member ? points : null;

  const logout = async () => {
    await api.logout();
    session.setMember(null);
    if (process.env.TARO_ENV === 'h5') {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- H5-only simulator; not in the weapp build
      const sim = require('../../api/sim') as typeof import('../../api/sim');
      sim.rememberSimUser(null);
    }
    void cart.load();
    void Taro.showToast({ title: '已退出登录', icon: 'none' });
  };

  return (
    <View className='page me'>
      <View className='me__header'>
        <View className='me__avatar'>
          <Text>{member ? (Array.from(member.nickname)[0] ?? '会') : '客'}</Text>
        </View>
        <View className='me__who'>
          {member ? (
            <>
              <View className='me__name-row'>
                <Text className='me__name'>{member.nickname}</Text>
                <Text className='me__tier'>{TIER_NAMES[member.tierCode]}会员</Text>
              </View>
              <Text className='me__phone'>{member.phoneMasked ? `手机号 ${member.phoneMasked}` : '未绑定手机号'}</Text>
            </>
          ) : (
            <>
              <Text className='me__name'>欢迎来到思语优选</Text>
              <Text className='me__phone'>登录后享会员专享价、积分与优惠券</Text>
            </>
          )}
        </View>
        {member ? null : (
          <Button className='btn btn--small me__login' onClick={() => void startLogin()}>
            登录 / 注册
          </Button>
        )}
      </View>

      {member && !member.hasPhone ? (
        <View className='card me__phone-card'>
          <View>
            <Text className='me__card-title'>绑定手机号</Text>
            <Text className='me__card-desc'>用于会员身份识别与订单通知</Text>
          </View>
          <PhoneBinding onBound={(me) => session.setMember(me)} />
        </View>
      ) : null}

      {shownMembership ? (
        <View className='me__tier-summary'>
          <TierCard
            variant='compact'
            view={shownMembership}
            onClick={membershipPages.member}
            footer={
              shownPoints ? (
                <View
                  className='me__tier-points'
                  onClick={(event) => {
                    // The points line opens 我的积分 (checking in when still to do), not 会员中心.
                    event.stopPropagation();
                    membershipPages.points({ checkIn: !shownPoints.checkin.checkedInToday });
                  }}
                >
                  <Text>
                    可用积分 <Text className='me__tier-points-value'>{formatCount(shownPoints.available)}</Text>
                    {shownPoints.pending > 0 ? ` · 待入账 ${formatCount(shownPoints.pending)}` : ''}
                  </Text>
                  <Text className='me__tier-points-link'>{shownPoints.checkin.checkedInToday ? '今日已签到' : '去签到 ›'}</Text>
                </View>
              ) : null
            }
          />
        </View>
      ) : (
        <View className='card me__tier-card' onClick={() => memberOnly(membershipPages.member)}>
          <View>
            <Text className='me__tier-card-title'>{member ? `${TIER_NAMES[member.tierCode]}会员` : '会员等级'}</Text>
            <Text className='me__tier-card-desc'>{member ? '成长值与等级权益' : '登录后查看等级、成长值与积分'}</Text>
          </View>
          <Text className='me__soon'>会员中心 ›</Text>
        </View>
      )}

      <View className='card me__orders'>
        <View className='me__orders-head' onClick={() => memberOnly(() => go.orders('all'))}>
          <Text className='me__orders-title'>我的订单</Text>
          <Text className='me__orders-all'>全部订单 ›</Text>
        </View>
        <View className='me__orders-entries'>
          {ORDER_ENTRIES.map((entry) => (
            <View className='me__entry' key={entry.tab} onClick={() => memberOnly(() => go.orders(entry.tab))}>
              <View className='me__entry-icon me__entry-icon--small' style={{ background: entry.color }}>
                <Text>{entry.glyph}</Text>
              </View>
              <Text className='me__entry-name'>{entry.name}</Text>
            </View>
          ))}
        </View>
      </View>

      <View className='card me__entries me__entries--grid'>
        {ENTRIES.map((entry) => (
          <View className='me__entry me__entry--grid' key={entry.key} onClick={() => openEntry(entry.key)}>
            <View className='me__entry-icon' style={{ background: entry.color }}>
              <Text>{entry.glyph}</Text>
            </View>
            <Text className='me__entry-name'>{entry.name}</Text>
          </View>
        ))}
      </View>

      <View className='card me__list'>
        {process.env.TARO_ENV === 'weapp' ? (
          <View className='me__row' onClick={openPrivacyContract}>
            <Text>隐私保护指引</Text>
            <Text className='me__row-arrow'>›</Text>
          </View>
        ) : null}
        <View className='me__row' onClick={() => memberOnly(() => go.addresses())}>
          <Text>收货地址</Text>
          <Text className='me__row-arrow'>›</Text>
        </View>
        <View className='me__row' onClick={soon}>
          <Text>联系客服</Text>
          <Text className='me__row-arrow'>›</Text>
        </View>
        {member ? (
          <View className='me__row' onClick={() => void logout()}>
            <Text>退出登录</Text>
            <Text className='me__row-arrow'>›</Text>
          </View>
        ) : null}
      </View>
      <PrivacySheet />
    </View>
  );
}
