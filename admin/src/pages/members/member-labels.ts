import { LIFECYCLE_STAGES, RFM_CELLS } from '@siyu/shared';
import type { TagKind, TimelineKind } from './member-api';

/** Words and formats of the member pages: every code the API sends has its Chinese here. */

const CHINA_PARTS = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function chinaParts(iso: string): Record<string, string> | null {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return Object.fromEntries(CHINA_PARTS.formatToParts(date).map((part) => [part.type, part.value]));
}

/** "2026-11-24 12:53" in China time, whatever the browser's zone; "—" for none. */
export function chinaTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const p = chinaParts(iso);
  return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}` : '—';
}

/** "2026-11-24" (the China-time calendar day); "—" for none. A plain date ("2026-11-24") stays as it is. */
export function chinaDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const p = chinaParts(iso);
  return p ? `${p.year}-${p.month}-${p.day}` : '—';
}

/** "3月8日" from a birthday ("1990-03-08" or "03-08"); "—" for none. */
export function birthdayText(value: string | null | undefined): string {
  if (!value) return '—';
  const match = /(\d{1,2})-(\d{1,2})$/.exec(value);
  return match ? `${Number(match[1])}月${Number(match[2])}日` : '—';
}

export const LIFECYCLE_COLORS: Readonly<Record<string, string>> = {
  prospect: 'default',
  new: 'cyan',
  active: 'green',
  silent: 'gold',
  at_risk: 'orange',
  churned: 'red',
};

export function lifecycleText(code: string | null | undefined): string {
  if (!code) return '潜客';
  return LIFECYCLE_STAGES.find((stage) => stage.code === code)?.name ?? '—';
}

export function rfmText(code: string | null | undefined): string {
  if (!code) return '潜客（未下单）';
  return RFM_CELLS.find((cell) => cell.code === code)?.name ?? '—';
}

export const RFM_COLORS: Readonly<Record<string, string>> = {
  '111': 'red',
  '011': 'volcano',
  '101': 'orange',
  '001': 'magenta',
  '110': 'blue',
  '010': 'geekblue',
  '100': 'cyan',
  '000': 'default',
};

export const TIMELINE_KIND_NAMES: Readonly<Record<TimelineKind, string>> = {
  touch: '触达',
  order: '订单',
  refund: '退款',
  coupon: '优惠券',
  points: '积分',
  tier: '等级',
  note: '备注',
  tag: '标签',
  message: '消息',
};

export const TIMELINE_KIND_COLORS: Readonly<Record<TimelineKind, string>> = {
  touch: 'gray',
  order: 'blue',
  refund: 'red',
  coupon: 'orange',
  points: 'purple',
  tier: 'gold',
  note: 'cyan',
  tag: 'green',
  message: 'geekblue',
};

export const TAG_KIND_NAMES: Readonly<Record<TagKind, string>> = {
  manual: '手动',
  rule: '规则',
  channel: '渠道',
};

export const CONSENT_CHANNEL_NAMES: Readonly<Record<string, string>> = {
  sms: '短信营销',
  wecom: '企业微信',
  subscribe: '订阅消息',
  personalized: '个性化推荐',
};

/** Words for a code from a table; "—" (never the raw code) when it is unknown. */
export function nameIn(table: Readonly<Record<string, string>>, code: string | null | undefined): string {
  return (code && table[code]) || '—';
}

/** 1234 → "12.34%" from basis points; "—" for none. */
export function percentOfBp(bp: number | null | undefined): string {
  return bp === null || bp === undefined ? '—' : `${(bp / 100).toFixed(bp % 100 === 0 ? 0 : 1)}%`;
}

/** Yuan typed in a filter → fen (undefined when empty or not a number). */
export function yuanToFen(value: number | string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? Math.round(number * 100) : undefined;
}
