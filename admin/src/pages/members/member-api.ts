import type { AdminMember, CouponIssueResult, TierCode } from '@siyu/shared';
import { api } from '../../api/client';
import type { Page } from '../../api/types';

/**
 * 会员 list and 会员详情 (member 360): the shapes of server/src/modules/members and member-360, tags
 * (server/src/modules/tags) and the coupon issue the 360 page reuses. Contract: docs/decisions.md "Customer data".
 */

export interface MemberTagChip {
  id: number;
  name: string;
  color: string | null;
}

/** A row of GET /api/admin/members: the member plus spend, orders, lifecycle, RFM cell, tags and source. */
export interface MemberListRow extends AdminMember {
  paidOrders: number;
  netPaidFen: number;
  aovFen: number;
  lastPaidAt: string | null;
  lifecycle: string | null;
  rfmCell: string | null;
  tags: MemberTagChip[];
  firstChannel: { id: number; name: string } | null;
}

export type MemberSort = 'createdAt' | 'lastPaidAt' | 'netPaidFen' | 'paidOrders';

/** The list's query parameters (all optional; the URL carries them). */
export interface MemberListFilter {
  q?: string;
  phone?: string;
  phoneSuffix?: string;
  tierCode?: TierCode;
  lifecycle?: string;
  rfmCell?: string;
  tagId?: number;
  channelId?: number;
  minNetPaidFen?: number;
  maxNetPaidFen?: number;
  sort?: MemberSort;
  order?: 'asc' | 'desc';
}

export type TagKind = 'manual' | 'rule' | 'channel';

export interface MemberTag extends MemberTagChip {
  kind: TagKind;
  source: string | null;
  createdAt: string;
}

export interface MemberRfm {
  cell: string;
  name: string;
  rScore: number | null;
  fScore: number | null;
  mScore: number | null;
  recencyDays: number | null;
  windowOrders: number;
  windowNetFen: number;
}

export interface MemberSpend {
  netPaidFen: number;
  paidOrders: number;
  aovFen: number;
  firstPaidAt: string | null;
  lastPaidAt: string | null;
  refundCount: number;
  refundedFen: number;
  couponShareBp: number | null;
}

export interface MemberConsent {
  channel: string;
  granted: boolean;
  source: string;
  updatedAt: string;
}

/** GET /api/admin/members/:id: the member 360. */
export interface Member360 extends AdminMember {
  tags: MemberTag[];
  rfm: MemberRfm | null;
  lifecycle: { stage: string; name: string; since: string | null } | null;
  spend: MemberSpend | null;
  channels: { first: { id: number; name: string; at: string | null } | null; last: { id: number; name: string } | null } | null;
  favouriteCategories: { id: number; name: string }[];
  city: string | null;
  birthday: string | null;
  pointsBalance: number | null;
  growthValue: number | null;
  consents: MemberConsent[];
}

export const TIMELINE_KINDS = ['touch', 'order', 'refund', 'coupon', 'points', 'tier', 'note', 'tag', 'message'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineItem {
  kind: TimelineKind;
  at: string;
  title: string;
  detail: string | null;
  /** What the event points at ({ type: 'order', id, orderNo }, { type: 'refund', id, orderId }…), for a link. */
  ref: Record<string, unknown> | null;
}

export interface MemberNote {
  id: number;
  body: string;
  staff: { id: number; name: string } | null;
  createdAt: string;
}

export interface TagView {
  id: number;
  groupId: number;
  name: string;
  kind: TagKind;
  description: string | null;
  color: string | null;
  status: string;
  members: number;
}

export interface TagGroupView {
  id: number;
  name: string;
  sort: number;
  tags: TagView[];
}

export const memberCrmApi = {
  list: (filter: MemberListFilter, cursor: string | null, limit: number, signal?: AbortSignal) =>
    api.get<Page<MemberListRow>>('/api/admin/members', { ...filter, cursor, limit }, signal),
  get: (id: number, signal?: AbortSignal) => api.get<Member360>(`/api/admin/members/${id}`, undefined, signal),
  timeline: (id: number, query: { cursor: string | null; limit: number; kinds?: string }, signal?: AbortSignal) =>
    api.get<Page<TimelineItem>>(`/api/admin/members/${id}/timeline`, query, signal),
  notes: (id: number, signal?: AbortSignal) =>
    api
      .get<MemberNote[] | { items: MemberNote[] }>(`/api/admin/members/${id}/notes`, undefined, signal)
      .then((body) => (Array.isArray(body) ? body : body.items)),
  addNote: (id: number, body: string) => api.post<MemberNote>(`/api/admin/members/${id}/notes`, { body }),
  revealPhone: (id: number) => api.post<{ phone: string }>(`/api/admin/members/${id}/phone`),
};

export const tagsApi = {
  groups: (signal?: AbortSignal) => api.get<{ items: TagGroupView[] }>('/api/admin/tag-groups', undefined, signal).then((body) => body.items),
  addMembers: (tagId: number, memberIds: number[]) => api.post<{ added: number; already: number }>(`/api/admin/tags/${tagId}/members`, { memberIds }),
  removeMembers: (tagId: number, memberIds: number[]) => api.post<{ removed: number }>(`/api/admin/tags/${tagId}/members/remove`, { memberIds }),
};

export type { CouponIssueResult };
