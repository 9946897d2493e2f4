import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import type { PointsSummaryView } from '@siyu/shared';
import { ApiError } from '../../api/errors';
import { checkIn, fetchPointsLedger, fetchPointsSummary, membershipPages, saveBirthday } from '../../api/membership';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { ListFooter } from '../../components/ListFooter';
import { SkeletonBlock } from '../../components/Skeleton';
import { startLogin } from '../../lib/login-entry';
import { useSession } from '../../lib/session';
import { readStored, writeStored } from '../../lib/storage';
import { useAsync, usePagedList } from '../../lib/use-async';
import { BirthdayRow } from './components/BirthdayRow';
import { CheckinCard } from './components/CheckinCard';
import { LedgerRow } from './components/LedgerRow';
import { PointsHeader } from './components/PointsHeader';
import { afterCheckin, mergeLedgerEntries } from './points-text';
import './index.css';

const toast = (title: string) => void Taro.showToast({ title, icon: 'none', duration: 2200 });

/** The server has no read of the birthday: the one set (or reported as already set) is kept on this device. */
const birthdayKey = (memberId: number) => `siyu.birthday.${memberId}`;

function birthdayOf(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== 'BIRTHDAY_ALREADY_SET') return null;
  const details = error.details as { birthday?: unknown } | null;
  return typeof details?.birthday === 'string' ? details.birthday : null;
}

/**
 * 我的积分: balance, usable, pending (待入账) and expiring points, the daily check-in with its streak,
 * the birthday (set once), and the ledger with every entry's source, loaded as the member scrolls.
 * Opened with `checkin=1` (the 签到 entry of 我的) it checks in on arrival.
 */
export default function PointsPage() {
  const { params } = useRouter();
  const { member } = useSession();
  const memberKey = member?.id ?? 'guest';
  const loaded = useAsync(() => (member ? fetchPointsSummary() : Promise.resolve(null)), `points-${memberKey}`);
  const ledger = usePagedList((cursor) => (member ? fetchPointsLedger(cursor) : Promise.resolve({ items: [], nextCursor: null })), `ledger-${memberKey}`);
  const [summary, setSummary] = useState<PointsSummaryView | null>(null);
  const [isCheckingIn, setIsCheckingIn] = useState(false);
  const [birthday, setBirthday] = useState<string | null>(() => (member ? readStored<string>(birthdayKey(member.id)) : null));
  const hasShown = useRef(false);
  const hasAutoCheckedIn = useRef(false);

  useEffect(() => {
    if (loaded.data) setSummary(loaded.data);
  }, [loaded.data]);
  useDidShow(() => {
    if (hasShown.current) void Promise.all([loaded.reload(), ledger.refresh()]);
    hasShown.current = true;
  });
  usePullDownRefresh(() => {
    void Promise.all([loaded.reload(), ledger.refresh()]).finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    void ledger.loadMore();
  });

  const doCheckIn = async () => {
    if (!summary || summary.checkin.checkedInToday || isCheckingIn) return;
    setIsCheckingIn(true);
    try {
      const result = await checkIn();
      setSummary((current) => (current ? afterCheckin(current, result.points, result.streak) : current));
      void Taro.showToast({ title: `签到成功 +${result.points} 积分`, icon: 'none' });
      void ledger.refresh();
    } catch (error) {
      // Checked in on another device meanwhile: show the truth.
      if (error instanceof ApiError) toast(error.message);
      void loaded.reload();
    } finally {
      setIsCheckingIn(false);
    }
  };

  // From the 签到 entry: check in once the summary says it is still to do.
  useEffect(() => {
    if (params.checkin !== '1' || !summary || hasAutoCheckedIn.current) return;
    hasAutoCheckedIn.current = true;
    if (!summary.checkin.checkedInToday) void doCheckIn();
    // Once, when the first summary arrives (the ref keeps later summaries from checking in again).
  }, [summary, params.checkin]);

  const pickBirthday = async (monthDay: string) => {
    if (!member) return;
    const [month = '', day = ''] = monthDay.split('-');
    const { confirm } = await Taro.showModal({
      title: '设置生日',
      content: `生日设置后不能修改，确定是 ${Number(month)}月${Number(day)}日 吗？`,
      confirmColor: '#ee0a24',
    });
    if (!confirm) return;
    try {
      const saved = await saveBirthday(monthDay);
      writeStored(birthdayKey(member.id), saved.birthday);
      setBirthday(saved.birthday);
      toast('生日已设置');
    } catch (error) {
      const onFile = birthdayOf(error);
      if (onFile) {
        writeStored(birthdayKey(member.id), onFile);
        setBirthday(onFile);
      }
      if (error instanceof ApiError) toast(error.message);
    }
  };

  if (!member)
    return <EmptyState title='登录后查看积分' description='购物、签到都能得积分，下单抵现金' actionText='登录 / 注册' onAction={() => void startLogin()} />;
  if (!summary) {
    return loaded.error && !loaded.isLoading ? (
      <ErrorState message={loaded.error.message} onRetry={() => void loaded.reload()} />
    ) : (
      <View className='page points' aria-label='加载中'>
        <SkeletonBlock className='points__skeleton-head' />
        <SkeletonBlock className='points__skeleton-block' />
      </View>
    );
  }

  return (
    <View className='page points'>
      <PointsHeader summary={summary} onOpenMall={membershipPages.mall} />
      <CheckinCard checkin={summary.checkin} isBusy={isCheckingIn} onCheckIn={() => void doCheckIn()} />
      <BirthdayRow birthday={birthday} onPick={(monthDay) => void pickBirthday(monthDay)} />
      <View className='card points-ledger'>
        <Text className='points-ledger__title'>积分明细</Text>
        {ledger.isLoading && ledger.items.length === 0 ? (
          <View aria-label='加载中'>
            <SkeletonBlock className='skeleton-line skeleton-line--long' />
            <SkeletonBlock className='skeleton-line skeleton-line--short' />
          </View>
        ) : ledger.error && ledger.items.length === 0 ? (
          <Text className='points-ledger__empty' onClick={() => void ledger.refresh()}>
            明细加载失败，点击重试
          </Text>
        ) : ledger.items.length === 0 ? (
          <Text className='points-ledger__empty'>还没有积分记录，签到或购物即可获得积分</Text>
        ) : (
          mergeLedgerEntries(ledger.items).map((entry) => <LedgerRow entry={entry} key={entry.id} />)
        )}
      </View>
      <ListFooter
        isLoadingMore={ledger.isLoadingMore}
        hasMore={ledger.hasMore}
        isFailed={ledger.isLoadMoreFailed}
        onRetry={() => void ledger.loadMore()}
        count={ledger.items.length}
      />
    </View>
  );
}
