import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import type { CouponCenterItem } from '@siyu/shared';
import { claimCoupon, fetchCouponCenter, promotionPages } from '../../api/promotions';
import { CouponCard, couponFace } from '../../components/CouponCard';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { SkeletonBlock } from '../../components/Skeleton';
import { startLogin } from '../../lib/login-entry';
import { askSubscribe, prefetchSubscribeScene } from '../../services/subscribe';
import { go } from '../../lib/navigation';
import { useSession } from '../../lib/session';
import { useAsync } from '../../lib/use-async';
import { afterClaim, claimButton } from './claim-state';
import './index.css';

/** Held or nearly gone (red), else the template's description (grey). */
function note(item: CouponCenterItem): { text: string | null; tone: 'red' | 'muted' } {
  if (item.claimedByMe > 0 && item.canClaim) return { text: `已领${item.claimedByMe}张，每人限领${item.perMemberCap}张`, tone: 'red' };
  if (item.remaining !== null && item.remaining > 0 && item.remaining <= 20) return { text: `仅剩${item.remaining}张`, tone: 'red' };
  return { text: item.description || null, tone: 'muted' };
}

/** 领券中心: the public coupons, each with its value, threshold, validity and 立即领取 / 已领取 / 已抢光. */
export default function CouponCenterPage() {
  const center = useAsync(fetchCouponCenter, 'coupon-center');
  const { member } = useSession();
  const [items, setItems] = useState<CouponCenterItem[]>([]);
  const [claiming, setClaiming] = useState<number | null>(null);
  const hasShown = useRef(false);

  useEffect(() => {
    if (center.data) setItems(center.data.items);
  }, [center.data]);
  // Back from the login page (or the member's coupons): the buttons depend on who is looking.
  useDidShow(() => {
    if (process.env.TARO_ENV === 'weapp') void prefetchSubscribeScene('coupon').catch(() => undefined);
    if (hasShown.current) void center.reload();
    hasShown.current = true;
  });
  usePullDownRefresh(() => {
    void center.reload().finally(() => Taro.stopPullDownRefresh());
  });

  const claim = async (item: CouponCenterItem) => {
    const button = claimButton(item);
    if (!button.isEnabled || claiming !== null) return;
    if (button.needsLogin || !member) {
      void startLogin();
      return;
    }
    // WeChat asks only from a tap: the 到期提醒 is asked for with the claim (the H5 demo asks on 我的 › 订阅提醒).
    if (process.env.TARO_ENV === 'weapp') void askSubscribe('coupon');
    setClaiming(item.templateId);
    try {
      await claimCoupon(item.templateId);
      setItems((current) => afterClaim(current, item.templateId));
      void Taro.showToast({ title: '领取成功', icon: 'success' });
    } catch {
      // The client toasted why (sold out, cap reached); the list shows the truth again.
      void center.reload();
    } finally {
      setClaiming(null);
    }
  };

  return (
    <View className='page coupon-center'>
      <View className='coupon-center__hero'>
        <Text className='coupon-center__title'>领券中心</Text>
        <Text className='coupon-center__slogan'>先领券 再下单 · 会员专享更划算</Text>
        <Text className='coupon-center__mine' onClick={() => (member ? promotionPages.myCoupons() : void startLogin())}>
          我的优惠券 ›
        </Text>
      </View>
      {center.isLoading && items.length === 0 ? (
        <View aria-label='加载中'>
          {[0, 1, 2].map((key) => (
            <SkeletonBlock key={key} className='coupon-center__skeleton' />
          ))}
        </View>
      ) : center.error && items.length === 0 ? (
        <ErrorState message={center.error.message} onRetry={() => void center.reload()} />
      ) : items.length === 0 ? (
        <EmptyState title='暂时没有可领的券' description='新券上架会第一时间出现在这里' actionText='去逛逛' onAction={go.home} />
      ) : (
        <View className='coupon-center__list'>
          {items.map((item) => {
            const button = claimButton(item);
            const { text, tone } = note(item);
            return (
              <CouponCard
                key={item.templateId}
                face={couponFace(item.rule, item.ruleText)}
                name={item.name}
                validity={item.validityText}
                tag={item.rule.kind === 'new_customer' ? '新人专享' : null}
                note={text}
                noteTone={tone}
                stamp={button.stamp}
                tone={button.stamp === '已抢光' ? 'muted' : 'normal'}
                action={
                  button.stamp ? null : (
                    <Button
                      className={`btn btn--small coupon-card__button ${button.isEnabled ? 'btn--primary' : 'btn--disabled'}`}
                      disabled={!button.isEnabled || claiming === item.templateId}
                      onClick={() => void claim(item)}
                    >
                      {claiming === item.templateId ? '领取中' : button.label}
                    </Button>
                  )
                }
              />
            );
          })}
          <Text className='coupon-center__foot'>领取后可在「我的-我的优惠券」查看，结算时自动选用最优券</Text>
        </View>
      )}
    </View>
  );
}
