import type { TierCode } from '@siyu/shared';
import dayjs from 'dayjs';
import type { CouponIssueInput } from '../../../api/promotions';

/** The issue dialog's values: a pasted list of member ids, or a filter by tier. */
export interface IssueFormValues {
  target?: 'members' | 'filter';
  memberIdsText?: string;
  tierCodes?: TierCode[];
  hasPhone?: boolean;
  batch?: string;
}

/** A batch name that is new each time the dialog opens ("issue-20261124-1253"). */
export function newBatchName(prefix: string, now = dayjs()): string {
  return `${prefix}-${now.format('YYYYMMDD-HHmmss')}`;
}

/** "12, 15\n18，12" → [12, 15, 18] (duplicates once), or the first token that is not a member id. */
export function parseMemberIds(text: string): { ok: true; ids: number[] } | { ok: false; message: string } {
  const tokens = text.split(/[\s,，;；]+/).filter(Boolean);
  if (tokens.length === 0) return { ok: false, message: '请输入会员 ID' };
  const bad = tokens.find((token) => !/^[1-9]\d{0,9}$/.test(token));
  if (bad) return { ok: false, message: `“${bad}” 不是会员 ID` };
  const ids = [...new Set(tokens.map(Number))];
  if (ids.length > 10_000) return { ok: false, message: '一次最多 10000 个会员' };
  return { ok: true, ids };
}

/** Dialog values → the POST /:id/issue body, or the field error to show. */
export function issueBodyOfValues(values: IssueFormValues): { ok: true; body: CouponIssueInput } | { ok: false; name: string; message: string } {
  const batch = (values.batch ?? '').trim();
  if (!batch) return { ok: false, name: 'batch', message: '请输入批次号' };
  if (values.target === 'filter') {
    const filter = { ...(values.tierCodes?.length ? { tierCodes: values.tierCodes } : {}), ...(values.hasPhone ? { hasPhone: true } : {}) };
    return { ok: true, body: { filter, batch } };
  }
  const parsed = parseMemberIds(values.memberIdsText ?? '');
  if (!parsed.ok) return { ok: false, name: 'memberIdsText', message: parsed.message };
  return { ok: true, body: { memberIds: parsed.ids, batch } };
}
