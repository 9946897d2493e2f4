import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import type { MembershipView, OrderCounts, PointsSummaryView } from '@siyu/shared';
import { api } from '../../api';
import { fetchMembership, fetchPointsSummary, membershipPages } from '../../api/membership';
import { promotionPages } from '../../api/promotions';
import { fetchMe } from '../../api/shop';
import { fetchOrderCounts } from '../../api/shopper';
import { Icon, type IconName } from '../../components/Icon';
import { PrivacySheet } from '../../components/PrivacySheet';
import { cart } from '../../lib/cart-store';
import { startLogin } from '../../lib/login-entry';
import { go } from '../../lib/navigation';
import { openPrivacyContract } from '../../lib/privacy';
import { session, useSession } from '../../lib/session';
import { shopperPages } from '../../lib/shopper-pages';
import { MemberSummary } from './components/MemberSummary';
import { OrderShortcuts } from './components/OrderShortcuts';
import { PhoneBinding } from './components/PhoneBinding';
import { ProfileHeader } from './components/ProfileHeader';
import { ServiceRows } from './components/ServiceRows';
import { MessageRows } from '../messages/components/MessageRows';
import { useTrackPage } from '../../analytics/track';
import './index.css';

type EntryKey = 'member' | 'points' | 'checkin' | 'mall' | 'coupons' | 'center' | 'favorites';

const ENTRIES = [
  { key: 'favorites', name: '我的收藏', icon: 'favorites' },
  { key: 'coupons', name: '我的优惠券', icon: 'coupons' },
  { key: 'points', name: '积分', icon: 'points' },
  { key: 'checkin', name: '签到', icon: 'checkin' },
  { key: 'member', name: '会员中心', icon: 'member' },
  { key: 'mall', name: '积分商城', icon: 'mall' },
  { key: 'center', name: '领券中心', icon: 'coupon-center' },
] as const satisfies readonly { key: EntryKey; name: string; icon: IconName }[];

/** 我的: profile setup, tier card, phone binding, orders with badges, entries and service. */
export default function MePage() {
  useTrackPage('pages/me/index');
  const { member } = useSession();
  const [membership, setMembership] = useState<MembershipView | null>(null);
  const [points, setPoints] = useState<PointsSummaryView | null>(null);
  const [counts, setCounts] = useState<OrderCounts | null>(null);

  useDidShow(() => {
    if (!api.isLoggedIn) return;
    void fetchMe().then(
      (me) => session.setMember(me),
      () => undefined,
    );
    // The cards keep what they showed when a refresh fails (they are summaries; the pages have the details).
    void fetchMembership().then(setMembership, () => undefined);
    void fetchPointsSummary().then(setPoints, () => undefined);
    void fetchOrderCounts().then(setCounts, () => undefined);
  });

  /** Orders, favourites and addresses belong to a member: a guest logs in first. */
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
      case 'favorites':
        return memberOnly(shopperPages.favorites);
    }
  };

  const logout = async () => {
    await api.logout();
    session.setMember(null);
    setCounts(null);
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
      <ProfileHeader member={member} onChange={(me) => session.setMember(me)} />

      {member && !member.hasPhone ? (
        <View className='card me__phone-card'>
          <View>
            <Text className='me__card-title'>绑定手机号</Text>
            <Text className='me__card-desc'>用于会员身份识别与订单通知</Text>
          </View>
          <PhoneBinding onBound={(me) => session.setMember(me)} />
        </View>
      ) : null}

      {/* A logged-out member's last cards must not show (another member may log in next). */}
      <MemberSummary member={member} membership={member ? membership : null} points={member ? points : null} onLoginFirst={memberOnly} />

      <View className='card me__orders'>
        <View className='me__orders-head' onClick={() => memberOnly(() => go.orders('all'))}>
          <Text className='me__orders-title'>我的订单</Text>
          <Text className='me__orders-all'>全部订单 ›</Text>
        </View>
        <OrderShortcuts counts={member ? counts : null} onOpen={(tab) => memberOnly(() => go.orders(tab))} />
      </View>

      <View className='card me__entries me__entries--grid'>
        {ENTRIES.map((entry) => (
          <View className='me__entry me__entry--grid' key={entry.key} onClick={() => openEntry(entry.key)}>
            <Icon name={entry.icon} size={52} />
            <Text className='me__entry-name'>{entry.name}</Text>
          </View>
        ))}
      </View>

      <MessageRows isMember={member !== null} onLoginFirst={memberOnly} />

      <ServiceRows
        isMember={member !== null}
        onAddresses={() => memberOnly(() => go.addresses())}
        onServicePage={shopperPages.service}
        onPrivacy={openPrivacyContract}
        onLogout={() => void logout()}
      />
      <PrivacySheet />
    </View>
  );
}
