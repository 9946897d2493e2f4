import type {
  AdminMemberPointsView,
  MembershipSettings,
  MemberGrowthView,
  PointsLiabilityView,
  PointsMallItemView,
  PointsSummaryView,
  Tier,
  TierCode,
  TierReevaluationView,
  TiersAdminView,
} from '@siyu/shared';
import { api, send } from './client';

/** PUT /api/admin/tiers: all five tiers in order, thresholds strictly increasing from bronze at 0. */
export interface TiersInput {
  tiers: Tier[];
}

/** POST …/growth-adjustments and …/points-adjustments: a non-zero delta and the reason staff give. */
export interface LedgerAdjustmentInput {
  delta: number;
  reason: string;
}

/** POST /api/admin/points-mall/items (the shared pointsMallItemBodySchema's input). */
export interface PointsMallItemInput {
  title: string;
  kind: 'coupon' | 'goods';
  couponTemplateId: number | null;
  skuId: number | null;
  pointsPrice: number;
  cashFen: number;
  stock: number;
  perMemberLimit: number;
  minTier: TierCode | null;
  image: string | null;
  sortOrder: number;
}

/** PATCH /api/admin/points-mall/items/:id: kind, template and SKU are fixed once created. */
export type PointsMallItemPatch = Partial<Omit<PointsMallItemInput, 'kind' | 'couponTemplateId' | 'skuId'> & { status: PointsMallItemView['status'] }>;

/** A member's ledger query: keyset-paged, newest first. */
export interface LedgerQuery {
  cursor: string | null;
  limit: number;
}

async function put<T>(path: string, body: unknown): Promise<T> {
  const response = await send('PUT', path, { body });
  return (await response.json()) as T;
}

/** 会员等级: the tiers with the settings and the latest re-evaluation; saving may queue a re-evaluation. */
export const tiersApi = {
  get: (signal?: AbortSignal) => api.get<TiersAdminView>('/api/admin/tiers', undefined, signal),
  save: (body: TiersInput) => put<TiersAdminView>('/api/admin/tiers', body),
  reevaluation: (id: number, signal?: AbortSignal) => api.get<TierReevaluationView>(`/api/admin/tiers/reevaluations/${id}`, undefined, signal),
};

/** 积分规则: growth, tier retention and points settings (one object, saved whole). */
export const membershipSettingsApi = {
  get: (signal?: AbortSignal) => api.get<MembershipSettings>('/api/admin/membership-settings', undefined, signal),
  save: (body: MembershipSettings) => put<MembershipSettings>('/api/admin/membership-settings', body),
};

/** One member's growth and points ledgers, and manual adjustments (membership:adjust, audited). */
export const memberLedgersApi = {
  growth: (memberId: number, query: LedgerQuery, signal?: AbortSignal) =>
    api.get<MemberGrowthView>(`/api/admin/members/${memberId}/growth`, { ...query }, signal),
  adjustGrowth: (memberId: number, body: LedgerAdjustmentInput) => api.post<MemberGrowthView>(`/api/admin/members/${memberId}/growth-adjustments`, body),
  points: (memberId: number, query: LedgerQuery, signal?: AbortSignal) =>
    api.get<AdminMemberPointsView>(`/api/admin/members/${memberId}/points`, { ...query }, signal),
  adjustPoints: (memberId: number, body: LedgerAdjustmentInput) => api.post<PointsSummaryView>(`/api/admin/members/${memberId}/points-adjustments`, body),
};

/** 积分负债: points outstanding and their value, pending, expiring by month. */
export const pointsLiabilityApi = {
  get: (signal?: AbortSignal) => api.get<PointsLiabilityView>('/api/admin/reports/points-liability', undefined, signal),
};

/** 积分商城 items for staff. */
export const pointsMallApi = {
  list: (signal?: AbortSignal) => api.get<{ items: PointsMallItemView[] }>('/api/admin/points-mall/items', undefined, signal).then((body) => body.items),
  create: (body: PointsMallItemInput) => api.post<PointsMallItemView>('/api/admin/points-mall/items', body),
  update: (id: number, body: PointsMallItemPatch) => api.patch<PointsMallItemView>(`/api/admin/points-mall/items/${id}`, body),
};
