import type {
  ApprovableKind,
  CouponCodesResult,
  CouponIssueResult,
  CouponPreviewView,
  CouponReportView,
  CouponTemplateView,
  FlashSaleView,
  LiveSessionReportView,
  LiveSessionView,
  PendingApprovalView,
  PromoCodeView,
  PromotionRule,
  PromotionScope,
  PromotionSettingsView,
  StorePromotionView,
  TierCode,
} from '@siyu/shared';
import { api, send } from './client';

/**
 * Bodies as the console sends them: the shared zod schemas' input, with times as ISO strings (the
 * server parses them with the same schemas). Kept explicit so a form's output is checked against
 * the contract at compile time.
 */
export interface CouponTemplateInput {
  name: string;
  description: string;
  rule: PromotionRule;
  scope: PromotionScope;
  validity: { kind: 'window'; validFrom: string; validTo: string } | { kind: 'after_claim'; days: number };
  claimStartsAt: string | null;
  claimEndsAt: string | null;
  visibility: 'public' | 'hidden';
  totalCount: number | null;
  budgetFen: number | null;
  perMemberCap: number;
}

export interface CouponPreviewInput {
  rule: PromotionRule;
  scope: PromotionScope;
  lines: { skuId: number; quantity: number }[];
  tierCode: TierCode | null;
}

export type CouponIssueInput = ({ memberIds: number[] } | { filter: { tierCodes?: TierCode[]; registeredAfter?: string; hasPhone?: boolean } }) & {
  batch: string;
};

export interface StorePromotionInput {
  name: string;
  rule: PromotionRule;
  scope: PromotionScope;
  startsAt: string;
  endsAt: string;
}

export interface LiveSessionInput {
  title: string;
  platform: LiveSessionView['platform'];
  roomId: string;
  hostName: string;
  startsAt: string;
  endsAt: string;
}

export interface PromoCodeInput {
  code: string;
  rule: PromotionRule;
  scope: PromotionScope;
  graceMinutes: number;
  perMemberCap: number;
  totalCap: number | null;
}

export interface FlashSaleInput {
  title: string;
  skuId: number;
  flashPriceFen: number;
  totalUnits: number;
  perMemberLimit: number;
  startsAt: string;
  endsAt: string;
}

/** Lists of the promotions endpoints answer `{items}` (small lists, no paging). */
interface Items<T> {
  items: T[];
}

const items = <T>(body: Items<T>): T[] => body.items;

async function put<T>(path: string, body: unknown): Promise<T> {
  const response = await send('PUT', path, { body });
  return (await response.json()) as T;
}

/** Coupon templates (server/src/modules/coupons): list, create, preview, issue, codes, report, stop. */
export const couponsApi = {
  list: (signal?: AbortSignal) => api.get<Items<CouponTemplateView>>('/api/admin/coupon-templates', undefined, signal).then(items),
  get: (id: number, signal?: AbortSignal) => api.get<CouponTemplateView>(`/api/admin/coupon-templates/${id}`, undefined, signal),
  create: (body: CouponTemplateInput) => api.post<CouponTemplateView>('/api/admin/coupon-templates', body),
  update: (id: number, body: Partial<Pick<CouponTemplateInput, 'name' | 'description' | 'visibility' | 'claimEndsAt' | 'totalCount' | 'budgetFen'>>) =>
    api.patch<CouponTemplateView>(`/api/admin/coupon-templates/${id}`, body),
  stop: (id: number) => api.post<CouponTemplateView>(`/api/admin/coupon-templates/${id}/stop`),
  preview: (body: CouponPreviewInput) => api.post<CouponPreviewView>('/api/admin/coupon-templates/preview', body),
  issue: (id: number, body: CouponIssueInput) => api.post<CouponIssueResult>(`/api/admin/coupon-templates/${id}/issue`, body),
  codes: (id: number, body: { count: number; batch: string }) => api.post<CouponCodesResult>(`/api/admin/coupon-templates/${id}/codes`, body),
  report: (id: number, signal?: AbortSignal) => api.get<CouponReportView>(`/api/admin/coupon-templates/${id}/report`, undefined, signal),
};

/** Store-wide promotions (满减活动). */
export const storePromotionsApi = {
  list: (signal?: AbortSignal) => api.get<Items<StorePromotionView>>('/api/admin/store-promotions', undefined, signal).then(items),
  create: (body: StorePromotionInput) => api.post<StorePromotionView>('/api/admin/store-promotions', body),
  stop: (id: number) => api.post<StorePromotionView>(`/api/admin/store-promotions/${id}/stop`),
};

/** Live sessions and their promo codes. */
export const liveSessionsApi = {
  list: (signal?: AbortSignal) => api.get<Items<LiveSessionView>>('/api/admin/live-sessions', undefined, signal).then(items),
  get: (id: number, signal?: AbortSignal) => api.get<LiveSessionView>(`/api/admin/live-sessions/${id}`, undefined, signal),
  create: (body: LiveSessionInput) => api.post<LiveSessionView>('/api/admin/live-sessions', body),
  update: (id: number, body: Partial<Omit<LiveSessionInput, 'platform'>>) => api.patch<LiveSessionView>(`/api/admin/live-sessions/${id}`, body),
  setProducts: (id: number, productIds: number[]) => put<LiveSessionView>(`/api/admin/live-sessions/${id}/products`, { productIds }),
  end: (id: number) => api.post<LiveSessionView>(`/api/admin/live-sessions/${id}/end`),
  report: (id: number, signal?: AbortSignal) => api.get<LiveSessionReportView>(`/api/admin/live-sessions/${id}/report`, undefined, signal),
  promoCodes: (id: number, signal?: AbortSignal) => api.get<Items<PromoCodeView>>(`/api/admin/live-sessions/${id}/promo-codes`, undefined, signal).then(items),
  createPromoCode: (id: number, body: PromoCodeInput) => api.post<PromoCodeView>(`/api/admin/live-sessions/${id}/promo-codes`, body),
  stopPromoCode: (codeId: number) => api.post<PromoCodeView>(`/api/admin/promo-codes/${codeId}/stop`),
};

/** Flash sales (秒杀). */
export const flashSalesApi = {
  list: (signal?: AbortSignal) => api.get<Items<FlashSaleView>>('/api/admin/flash-sales', undefined, signal).then(items),
  get: (id: number, signal?: AbortSignal) => api.get<FlashSaleView>(`/api/admin/flash-sales/${id}`, undefined, signal),
  create: (body: FlashSaleInput) => api.post<FlashSaleView>('/api/admin/flash-sales', body),
  update: (id: number, body: Partial<Omit<FlashSaleInput, 'skuId'>>) => api.patch<FlashSaleView>(`/api/admin/flash-sales/${id}`, body),
  stop: (id: number) => api.post<FlashSaleView>(`/api/admin/flash-sales/${id}/stop`),
};

/** The maker-checker queue. */
export const approvalsApi = {
  list: (signal?: AbortSignal) => api.get<Items<PendingApprovalView>>('/api/admin/approvals', undefined, signal).then(items),
  approve: (kind: ApprovableKind, id: number) => api.post<unknown>(`/api/admin/approvals/${kind}/${id}/approve`),
  reject: (kind: ApprovableKind, id: number) => api.post<unknown>(`/api/admin/approvals/${kind}/${id}/reject`),
};

/** The stacking matrix and the approval depth (owner). */
export const promotionSettingsApi = {
  get: (signal?: AbortSignal) => api.get<PromotionSettingsView>('/api/admin/promotion-settings', undefined, signal),
  save: (body: PromotionSettingsView) => put<PromotionSettingsView>('/api/admin/promotion-settings', body),
};
