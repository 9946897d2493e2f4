import { Button, Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { useState } from 'react';
import type { MemberCouponView } from '@siyu/shared';
import { fetchMyCoupons, promotionPages, redeemCouponCode } from '../../api/promotions';
import { CouponCard, couponFace, validityUntilText } from '../../components/CouponCard';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { SkeletonBlock } from '../../components/Skeleton';
import { go } from '../../lib/navigation';
import { useAsync } from '../../lib/use-async';
import { RedeemBar } from './components/RedeemBar';
import './index.css';

const TABS = [
  { key: 'usable', name: '可使用' },
  { key: 'used', name: '已使用' },
  { key: 'expired', name: '已过期' },
] as const;
type TabKey = (typeof TABS)[number]['key'];

/** 可使用 holds the available coupons and those locked by an unpaid order (they come back if it is cancelled). */
async function couponsOf(tab: TabKey): Promise<MemberCouponView[]> {
  if (tab !== 'usable') return fetchMyCoupons(tab);
  const [available, locked] = await Promise.all([fetchMyCoupons('available'), fetchMyCoupons('locked')]);
  return [...available, ...locked];
}

function CouponRow({ coupon }: { coupon: MemberCouponView }) {
  const isAvailable = coupon.status === 'available';
  const stamp = coupon.status === 'used' ? '已使用' : coupon.status === 'expired' ? '已过期' : null;
  return (
    <CouponCard
      face={couponFace(coupon.rule, coupon.ruleText)}
      name={coupon.name}
      validity={validityUntilText(coupon.expiresAt)}
      tone={isAvailable ? 'normal' : 'muted'}
      tag={coupon.stackingGroup === 'shipping_coupon' ? '运费券' : null}
      stamp={stamp}
      note={coupon.status === 'locked' ? '待支付订单占用中，取消订单后退回' : null}
      noteTone='warn'
      action={
        isAvailable ? (
          <Button className='btn btn--small btn--plain coupon-card__button' onClick={go.home}>
            去使用
          </Button>
        ) : null
      }
    />
  );
}

/** 我的优惠券: 可使用 / 已使用 / 已过期, and a redeem-code box. */
export default function MyCouponsPage() {
  const [tab, setTab] = useState<TabKey>('usable');
  const list = useAsync(() => couponsOf(tab), `my-coupons-${tab}`);
  const [isRedeeming, setIsRedeeming] = useState(false);

  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh());
  });

  const redeem = async (code: string): Promise<boolean> => {
    setIsRedeeming(true);
    try {
      const coupon = await redeemCouponCode(code);
      void Taro.showToast({ title: `兑换成功：${coupon.name}`, icon: 'none' });
      if (tab === 'usable') void list.reload();
      else setTab('usable');
      return true;
    } catch {
      // Toasted by the client (兑换码无效 / 已被使用).
      return false;
    } finally {
      setIsRedeeming(false);
    }
  };

  const items = list.data ?? [];
  return (
    <View className='page my-coupons'>
      <View className='my-coupons__tabs' role='tablist'>
        {TABS.map((entry) => (
          <View
            key={entry.key}
            role='tab'
            aria-selected={entry.key === tab}
            className={`my-coupons__tab ${entry.key === tab ? 'my-coupons__tab--on' : ''}`}
            onClick={() => setTab(entry.key)}
          >
            <Text>{entry.name}</Text>
          </View>
        ))}
      </View>
      {tab === 'usable' ? <RedeemBar isBusy={isRedeeming} onRedeem={redeem} /> : null}
      {list.isLoading && !list.data ? (
        <View aria-label='加载中'>
          {[0, 1].map((key) => (
            <SkeletonBlock key={key} className='my-coupons__skeleton' />
          ))}
        </View>
      ) : list.error && !list.data ? (
        <ErrorState message={list.error.message} onRetry={() => void list.reload()} />
      ) : items.length === 0 ? (
        <EmptyState
          title={tab === 'usable' ? '暂无可用优惠券' : tab === 'used' ? '还没有用过优惠券' : '没有过期的优惠券'}
          description={tab === 'usable' ? '去领券中心看看有什么好券' : undefined}
          actionText={tab === 'usable' ? '去领券' : undefined}
          onAction={promotionPages.couponCenter}
        />
      ) : (
        <View className='my-coupons__list'>
          {items.map((coupon) => (
            <CouponRow key={coupon.id} coupon={coupon} />
          ))}
          {tab === 'usable' ? (
            <Text className='my-coupons__more' onClick={promotionPages.couponCenter}>
              去领券中心领更多 ›
            </Text>
          ) : null}
        </View>
      )}
    </View>
  );
}
