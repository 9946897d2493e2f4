import type { CalendarItem, CalendarItemKind, MarketingCalendar } from '@siyu/shared';
import { api } from '../../api/client';

export type { CalendarItem, CalendarItemKind, MarketingCalendar } from '@siyu/shared';

/** 营销日历 (issue 15): GET /api/admin/marketing-calendar?month=YYYY-MM (server/src/modules/marketing-calendar). */

export const calendarApi = {
  month: (month: string, signal?: AbortSignal) => api.get<MarketingCalendar>('/api/admin/marketing-calendar', { month }, signal),
};

export const KIND_NAMES: Readonly<Record<CalendarItemKind, string>> = {
  journey: '旅程',
  campaign: '群发',
  flash_sale: '秒杀',
  live_session: '直播',
  coupon: '优惠券',
};

export const KIND_COLORS: Readonly<Record<CalendarItemKind, string>> = {
  journey: 'purple',
  campaign: 'blue',
  flash_sale: 'red',
  live_session: 'magenta',
  coupon: 'gold',
};

/** The console page an item opens. */
export function itemLink(item: CalendarItem): string {
  switch (item.kind) {
    case 'journey':
      return `/journeys/${item.id}`;
    case 'campaign':
      return '/campaigns';
    case 'flash_sale':
      return '/promotions/flash-sales';
    case 'live_session':
      return `/promotions/live/${item.id}`;
    case 'coupon':
      return '/promotions/coupons';
  }
}

/** The label of an item inside a day cell: coupons say which window it is. */
export function itemLabel(item: CalendarItem): string {
  if (item.kind === 'coupon') return `${item.title}${item.phase === 'claim' ? '（领券）' : '（用券）'}`;
  return item.title;
}
