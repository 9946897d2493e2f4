import { LIFECYCLE_CODES, RFM_CELL_CODES, TIER_CODES, type TierCode } from '@siyu/shared';
import type { MemberListFilter, MemberSort } from './member-api';

/**
 * The member list's filter lives in the URL (?q=…&phoneSuffix=…&tierCode=…), so a filtered list can be
 * bookmarked, shared and reloaded. Unknown or malformed parameters are dropped, never sent.
 */

const SORTS: readonly MemberSort[] = ['createdAt', 'lastPaidAt', 'netPaidFen', 'paidOrders'];
const positiveInt = (value: string | null) => (value && /^\d{1,9}$/.test(value) && Number(value) > 0 ? Number(value) : undefined);
const fen = (value: string | null) => (value && /^\d{1,12}$/.test(value) ? Number(value) : undefined);
const oneOf = <T extends string>(values: readonly T[], value: string | null) =>
  value && (values as readonly string[]).includes(value) ? (value as T) : undefined;

export function filterFromSearch(search: URLSearchParams): MemberListFilter {
  const filter: MemberListFilter = {
    q: search.get('q')?.trim() || undefined,
    phone: /^1\d{10}$/.test(search.get('phone') ?? '') ? (search.get('phone') as string) : undefined,
    phoneSuffix: /^\d{4}$/.test(search.get('phoneSuffix') ?? '') ? (search.get('phoneSuffix') as string) : undefined,
    tierCode: oneOf<TierCode>(TIER_CODES, search.get('tierCode')),
    lifecycle: oneOf(LIFECYCLE_CODES, search.get('lifecycle')),
    rfmCell: oneOf(RFM_CELL_CODES, search.get('rfmCell')),
    tagId: positiveInt(search.get('tagId')),
    channelId: positiveInt(search.get('channelId')),
    minNetPaidFen: fen(search.get('minNetPaidFen')),
    maxNetPaidFen: fen(search.get('maxNetPaidFen')),
    sort: oneOf(SORTS, search.get('sort')),
    order: oneOf(['asc', 'desc'] as const, search.get('order')),
  };
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) as MemberListFilter;
}

export function searchOfFilter(filter: MemberListFilter): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  return search;
}

/** What the phone box holds: 4 digits → the last-four search, 11 digits → the exact number; anything else is refused. */
export function phoneFilterOf(text: string | undefined): { ok: true; phone?: string; phoneSuffix?: string } | { ok: false; message: string } {
  const digits = (text ?? '').replace(/\s+/g, '');
  if (!digits) return { ok: true };
  if (/^\d{4}$/.test(digits)) return { ok: true, phoneSuffix: digits };
  if (/^1\d{10}$/.test(digits)) return { ok: true, phone: digits };
  return { ok: false, message: '请输入手机号后 4 位或完整 11 位号码' };
}

/** The form's view of a filter: the phone box shows whichever of the two the URL carries, amounts in yuan. */
export interface MemberFilterForm {
  q?: string;
  phoneText?: string;
  tierCode?: TierCode;
  lifecycle?: string;
  rfmCell?: string;
  tagId?: number;
  channelId?: number;
  minYuan?: number | null;
  maxYuan?: number | null;
}

export function formOfFilter(filter: MemberListFilter): MemberFilterForm {
  return {
    q: filter.q,
    phoneText: filter.phoneSuffix ?? filter.phone,
    tierCode: filter.tierCode,
    lifecycle: filter.lifecycle,
    rfmCell: filter.rfmCell,
    tagId: filter.tagId,
    channelId: filter.channelId,
    minYuan: filter.minNetPaidFen === undefined ? null : filter.minNetPaidFen / 100,
    maxYuan: filter.maxNetPaidFen === undefined ? null : filter.maxNetPaidFen / 100,
  };
}

const toFen = (yuan: number | null | undefined) =>
  yuan === null || yuan === undefined || !Number.isFinite(yuan) || yuan < 0 ? undefined : Math.round(yuan * 100);

/** The filter a submitted form asks for (keeping the list's sort); a bad phone box or range comes back as a field error. */
export function filterOfForm(
  values: MemberFilterForm,
  sort: Pick<MemberListFilter, 'sort' | 'order'>,
): { ok: true; filter: MemberListFilter } | { ok: false; field: keyof MemberFilterForm; message: string } {
  const phone = phoneFilterOf(values.phoneText);
  if (!phone.ok) return { ok: false, field: 'phoneText', message: phone.message };
  const minNetPaidFen = toFen(values.minYuan);
  const maxNetPaidFen = toFen(values.maxYuan);
  if (minNetPaidFen !== undefined && maxNetPaidFen !== undefined && minNetPaidFen > maxNetPaidFen)
    return { ok: false, field: 'maxYuan', message: '最高金额不能小于最低金额' };
  const filter: MemberListFilter = {
    q: values.q?.trim() || undefined,
    phone: phone.phone,
    phoneSuffix: phone.phoneSuffix,
    tierCode: values.tierCode,
    lifecycle: values.lifecycle,
    rfmCell: values.rfmCell,
    tagId: values.tagId,
    channelId: values.channelId,
    minNetPaidFen,
    maxNetPaidFen,
    ...sort,
  };
  return { ok: true, filter: Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) as MemberListFilter };
}
