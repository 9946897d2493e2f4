import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useRef } from 'react';
import { fetchMembership, membershipPages } from '../../api/membership';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { SkeletonBlock } from '../../components/Skeleton';
import { formatCount } from '../../components/TierBadge';
import { TierCard } from '../../components/TierCard';
import { startLogin } from '../../lib/login-entry';
import { useSession } from '../../lib/session';
import { useAsync } from '../../lib/use-async';
import { GrowthTasks } from './components/GrowthTasks';
import { TierTable } from './components/TierTable';
import { dayText, downgradeText, historyReasonText, perkList } from './member-text';
import './index.css';

/**
 * 会员中心: the tier card (name, colour, growth, progress to the next tier), a downgrade warning when
 * one is pending, the tier's perks, the tier history, and every tier's threshold and perks.
 */
export default function MemberPage() {
  const { member } = useSession();
  const membership = useAsync(() => (member ? fetchMembership() : Promise.resolve(null)), `membership-${member?.id ?? 'guest'}`);
  const hasShown = useRef(false);

  // Back from an order or the points mall: growth and tier may have changed.
  useDidShow(() => {
    if (hasShown.current) void membership.reload();
    hasShown.current = true;
  });
  usePullDownRefresh(() => {
    void membership.reload().finally(() => Taro.stopPullDownRefresh());
  });

  if (!member)
    return <EmptyState title='登录后查看会员等级' description='消费得成长值，升级享更多会员权益' actionText='登录 / 注册' onAction={() => void startLogin()} />;
  const view = membership.data;
  if (membership.isLoading && !view) {
    return (
      <View className='page member' aria-label='加载中'>
        <SkeletonBlock className='member__skeleton-card' />
        <SkeletonBlock className='member__skeleton-block' />
      </View>
    );
  }
  if (!view) return <ErrorState message={membership.error?.message} onRetry={() => void membership.reload()} />;

  const warning = downgradeText(view);
  return (
    <View className='page member'>
      <View className='member__hero' />
      <View className='member__card'>
        <TierCard view={view} />
      </View>
      {warning ? (
        <View className='member__warning' role='alert'>
          <Text className='member__warning-icon'>!</Text>
          <Text className='member__warning-text'>{warning}</Text>
        </View>
      ) : null}

      <View className='card member__section'>
        <View className='member__section-head'>
          <Text className='member__section-title'>{view.tierName}会员权益</Text>
          <Text className='member__section-more' onClick={() => membershipPages.points()}>
            我的积分 ›
          </Text>
        </View>
        <View className='member__perks'>
          {perkList(view.perks).map((perk) => (
            <View className='member__perk' key={perk.key}>
              <Text className='member__perk-glyph'>{perk.glyph}</Text>
              <Text className='member__perk-title'>{perk.title}</Text>
              <Text className='member__perk-desc'>{perk.description}</Text>
            </View>
          ))}
        </View>
      </View>

      <GrowthTasks tasks={view.tasks ?? []} />

      <View className='card member__section'>
        <Text className='member__section-title'>等级记录</Text>
        {view.history.length === 0 ? (
          <Text className='member__empty'>还没有等级变化，消费即可累积成长值</Text>
        ) : (
          <View className='member__history'>
            {view.history.map((entry, index) => (
              <View className='member__history-row' key={`${entry.at}-${index}`}>
                <View className={`member__history-dot member__history-dot--${entry.reason}`} />
                <Text className='member__history-text'>{historyReasonText(entry.reason, entry.fromTier, entry.toTier)}</Text>
                <Text className='member__history-at'>{dayText(entry.at)}</Text>
              </View>
            ))}
          </View>
        )}
        <Text className='member__since'>
          {view.tierName}会员自 {dayText(view.tierSince)} 起 · 累计成长值 {formatCount(view.growthTotal)}
        </Text>
      </View>

      <TierTable tiers={view.tiers} current={view.tierCode} />
      <Text className='member__rules'>成长值按订单实付金额累计，订单完成后到账，退款时按比例扣回。</Text>
    </View>
  );
}
