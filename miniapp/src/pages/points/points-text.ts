import type { PointsEntryView, PointsSummaryView } from '@siyu/shared';
import { dayText } from '../member/member-text';

const EARN_SOURCES: Readonly<Record<string, string>> = {
  order: '购物',
  first_purchase: '首单',
  first_review: '评价',
  signup: '注册',
  checkin: '签到',
  birthday: '生日',
  referral: '邀请',
  refund_return: '退回',
  seed: '历史',
  manual: '调整',
  adjust: '调整',
};

/** The tag of a ledger entry: where the points came from or went ('购物', '签到', '抵扣', '过期'…). */
export function entrySourceText(entry: Pick<PointsEntryView, 'kind' | 'source'>): string {
  const source = entry.source ?? '';
  switch (entry.kind) {
    case 'earn':
      return EARN_SOURCES[source] ?? '获得';
    case 'spend':
      return source === 'mall' ? '兑换' : '抵扣';
    case 'release':
      return '退回';
    case 'reverse':
      return '扣回';
    case 'deduction':
      return '退款';
    case 'expire':
      return '过期';
    case 'adjust':
      return '调整';
    default:
      return '其他';
  }
}

/**
 * The ledger as the member reads it: one operation booked per lot (an order's 105 points taken as
 * 100 from one lot and 5 from another) shows as one row with the total. Entries of one operation are
 * adjacent (newest first) and share kind, reason, order and time.
 */
export function mergeLedgerEntries(entries: readonly PointsEntryView[]): PointsEntryView[] {
  const merged: PointsEntryView[] = [];
  for (const entry of entries) {
    const last = merged[merged.length - 1];
    const isSameOperation =
      last !== undefined &&
      last.kind === entry.kind &&
      last.reason === entry.reason &&
      last.orderId === entry.orderId &&
      last.createdAt === entry.createdAt &&
      Math.sign(last.delta) === Math.sign(entry.delta);
    if (isSameOperation) merged[merged.length - 1] = { ...last, delta: last.delta + entry.delta };
    else merged.push(entry);
  }
  return merged;
}

/** "+120", "-300", "0". */
export function deltaText(delta: number): string {
  return delta > 0 ? `+${delta}` : String(delta);
}

/** "2026-03-14 09:05" in China time. */
export function entryTimeText(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const china = new Date(at.getTime() + 8 * 3600 * 1000).toISOString();
  return `${china.slice(0, 10)} ${china.slice(11, 16)}`;
}

export interface CheckinButton {
  label: string;
  isEnabled: boolean;
}

/** 签到 +N today, or 今日已签到 (disabled). */
export function checkinButton(checkin: PointsSummaryView['checkin'], isBusy: boolean): CheckinButton {
  if (checkin.checkedInToday) return { label: '今日已签到', isEnabled: false };
  if (isBusy) return { label: '签到中…', isEnabled: false };
  return { label: checkin.todayPoints > 0 ? `签到 +${checkin.todayPoints}` : '签到', isEnabled: true };
}

/** The summary after a check-in credited `points` (usable at once) with a streak of `streak` days. */
export function afterCheckin(summary: PointsSummaryView, points: number, streak: number): PointsSummaryView {
  return {
    ...summary,
    balance: summary.balance + points,
    available: summary.available + points,
    total: summary.total + points,
    checkin: { checkedInToday: true, streak, todayPoints: points },
  };
}

/** "120 积分将于 2026-12-31 过期", or null. */
export function expiringText(summary: Pick<PointsSummaryView, 'expiringSoon' | 'expiringSoonAt'>): string | null {
  if (summary.expiringSoon <= 0) return null;
  return summary.expiringSoonAt ? `${summary.expiringSoon} 积分将于 ${dayText(summary.expiringSoonAt)} 过期` : `${summary.expiringSoon} 积分即将过期`;
}

/** "共 777 积分 = 可用 5 + 待入账 772"; just "共 5 积分" when nothing is pending. */
export function totalText(summary: Pick<PointsSummaryView, 'available' | 'pending' | 'total'>): string {
  if (summary.pending <= 0) return `共 ${summary.total} 积分，全部可用`;
  return `共 ${summary.total} 积分 = 可用 ${summary.available} + 待入账 ${summary.pending}`;
}
