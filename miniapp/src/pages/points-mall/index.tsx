import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useRef, useState } from 'react';
import type { PointsMallItemView } from '@siyu/shared';
import { fetchMallItems, fetchMyRedemptions, fetchPointsSummary, membershipPages } from '../../api/membership';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { SkeletonBlock } from '../../components/Skeleton';
import { formatCount } from '../../components/TierBadge';
import { startLogin } from '../../lib/login-entry';
import { go } from '../../lib/navigation';
import { useSession } from '../../lib/session';
import { useAsync } from '../../lib/use-async';
import { MallItemCard } from './components/MallItemCard';
import { RedemptionRow } from './components/RedemptionRow';
import { redeemButton } from './redeem-state';
import './index.css';

type Tab = 'items' | 'mine';

/**
 * 积分商城: what points buy (coupons, goods, points + cash), each with its price, stock, limit and tier,
 * and the member's available points; 兑换记录 lists the member's redemptions. Redeeming happens on the
 * item's page (confirmation, address for goods, payment for a cash part).
 */
export default function PointsMallPage() {
  const { member } = useSession();
  const memberKey = member?.id ?? 'guest';
  const [tab, setTab] = useState<Tab>('items');
  const items = useAsync(fetchMallItems, `mall-${memberKey}`);
  const points = useAsync(() => (member ? fetchPointsSummary() : Promise.resolve(null)), `mall-points-${memberKey}`);
  const mine = useAsync(() => (member && tab === 'mine' ? fetchMyRedemptions() : Promise.resolve(null)), `mall-mine-${memberKey}-${tab}`);
  const hasShown = useRef(false);

  // Back from an item (redeemed there): stock, limits and points changed.
  useDidShow(() => {
    if (hasShown.current) void Promise.all([items.reload(), points.reload(), mine.reload()]);
    hasShown.current = true;
  });
  usePullDownRefresh(() => {
    void Promise.all([items.reload(), points.reload(), mine.reload()]).finally(() => Taro.stopPullDownRefresh());
  });

  const available = points.data?.available ?? null;
  const open = (item: PointsMallItemView) => membershipPages.mallItem(item.id);
  const list = items.data ?? [];

  return (
    <View className='page mall'>
      <View className='mall__hero'>
        <View>
          <Text className='mall__hero-label'>我的可用积分</Text>
          <Text className='mall__hero-points'>{member ? (available === null ? '—' : formatCount(available)) : '登录查看'}</Text>
        </View>
        <Text className='mall__hero-link' onClick={() => (member ? membershipPages.points() : void startLogin())}>
          积分明细 ›
        </Text>
      </View>
      <View className='mall__tabs' role='tablist'>
        {(
          [
            ['items', '兑换商品'],
            ['mine', '兑换记录'],
          ] as const
        ).map(([key, name]) => (
          <View
            key={key}
            role='tab'
            aria-selected={tab === key}
            className={`mall__tab ${tab === key ? 'mall__tab--on' : ''}`}
            onClick={() => (key === 'mine' && !member ? void startLogin() : setTab(key))}
          >
            <Text>{name}</Text>
          </View>
        ))}
      </View>
      {tab === 'items' ? (
        items.isLoading && list.length === 0 ? (
          <View aria-label='加载中'>
            {[0, 1, 2].map((key) => (
              <SkeletonBlock key={key} className='mall__skeleton' />
            ))}
          </View>
        ) : items.error && list.length === 0 ? (
          <ErrorState message={items.error.message} onRetry={() => void items.reload()} />
        ) : list.length === 0 ? (
          <EmptyState title='商城暂无可兑换的商品' description='新品上架会第一时间出现在这里' />
        ) : (
          <View className='mall__list'>
            {list.map((item) => {
              const button = redeemButton(item, { isLoggedIn: member !== null, available });
              return (
                <MallItemCard
                  key={item.id}
                  item={item}
                  button={button}
                  onOpen={() => open(item)}
                  onRedeem={() => (button.needsLogin ? void startLogin() : open(item))}
                />
              );
            })}
          </View>
        )
      ) : mine.isLoading && !mine.data ? (
        <SkeletonBlock className='mall__skeleton' />
      ) : mine.error && !mine.data ? (
        <ErrorState message={mine.error.message} onRetry={() => void mine.reload()} />
      ) : (mine.data?.items.length ?? 0) === 0 ? (
        <EmptyState title='还没有兑换记录' description='攒够积分就来兑换好礼吧' actionText='去兑换' onAction={() => setTab('items')} />
      ) : (
        <View className='card mall__mine'>
          {(mine.data?.items ?? []).map((redemption) => (
            <RedemptionRow key={redemption.id} redemption={redemption} onOpenOrder={(orderId) => go.order(orderId)} />
          ))}
        </View>
      )}
    </View>
  );
}
