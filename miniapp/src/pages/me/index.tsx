import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { TIER_NAMES } from '@siyu/shared';
import { api } from '../../api';
import { promotionPages } from '../../api/promotions';
import { fetchMe } from '../../api/shop';
import { PrivacySheet } from '../../components/PrivacySheet';
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

const ENTRIES = [
  { key: 'coupons', name: '我的优惠券', glyph: '券', color: '#ee0a24', isSoon: false },
  { key: 'center', name: '领券中心', glyph: '领', color: '#ff6034', isSoon: false },
  { key: 'points', name: '积分', glyph: '积', color: '#ffb300', isSoon: true },
] as const;

const soon = () => void Taro.showToast({ title: '即将上线，敬请期待', icon: 'none' });

/** 我的: profile, tier badge, phone binding, and the entries later issues fill. */
export default function MePage() {
  const { member } = useSession();

  useDidShow(() => {
    if (api.isLoggedIn) void fetchMe().then((me) => session.setMember(me), () => undefined);
  });

  /** Orders and addresses belong to a member: a guest logs in first. */
  const memberOnly = (open: () => void) => {
    if (member) open();
    else void startLogin();
  };

  const logout = async () => {
    await api.logout();
    session.setMember(null);
    if (process.env.TARO_ENV === 'h5') {
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
          <Text>{member ? Array.from(member.nickname)[0] ?? '会' : '客'}</Text>
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

      <View className='card me__tier-card'>
        <View>
          <Text className='me__tier-card-title'>{member ? `${TIER_NAMES[member.tierCode]}会员` : '会员等级'}</Text>
          <Text className='me__tier-card-desc'>成长值与等级权益即将上线</Text>
        </View>
        <Text className='me__soon'>即将上线</Text>
      </View>

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

      <View className='card me__entries'>
        {ENTRIES.map((entry) => (
          <View
            className='me__entry'
            key={entry.key}
            onClick={entry.key === 'coupons' ? () => memberOnly(promotionPages.myCoupons) : entry.key === 'center' ? promotionPages.couponCenter : soon}
          >
            <View className='me__entry-icon' style={{ background: entry.color }}>
              <Text>{entry.glyph}</Text>
            </View>
            <Text className='me__entry-name'>{entry.name}</Text>
            {entry.isSoon ? <Text className='me__entry-soon'>即将上线</Text> : null}
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
