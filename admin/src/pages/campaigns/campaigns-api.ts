import type { MessagePurpose, SendContent } from '@siyu/shared';
import { api } from '../../api/client';

/**
 * 活动群发 (issue 15): one-off sends to a segment at a time — a broadcast message or a coupon drop with an
 * optional notice, optionally A/B with a holdout (server/src/modules/journey-triggers campaigns).
 */

export type CampaignKind = 'broadcast' | 'coupon_drop';
export type CampaignStatus = 'draft' | 'scheduled' | 'running' | 'done' | 'cancelled';

export interface CampaignView {
  id: number;
  name: string;
  kind: CampaignKind;
  segmentId: number | null;
  purpose: MessagePurpose;
  content: SendContent | null;
  variantB: SendContent | null;
  couponId: number | null;
  /** A coupon drop's B lure (arm B of the experiment gets it instead of couponId). */
  couponIdB?: number | null;
  scheduledAt: string;
  status: CampaignStatus;
  experimentId: number | null;
  enqueued: number;
  createdAt: string;
  /** Message intents by status (pending, sent, delivered, skipped …), when the server includes them. */
  counts?: Record<string, number>;
  /** Members held out (experiment), and coupons granted (a coupon drop), on the detail. */
  holdout?: number;
  couponsGranted?: number;
}

export interface CampaignBody {
  name: string;
  kind: CampaignKind;
  /** null: every member. */
  segmentId: number | null;
  purpose?: MessagePurpose;
  content?: SendContent | null;
  variantB?: SendContent | null;
  couponId?: number | null;
  couponIdB?: number | null;
  scheduledAt: string;
  experiment?: { holdoutBp: number; splitBp: number; conversionDays: number } | null;
}

const itemsOf = <T>(body: { items: T[] } | T[]): T[] => (Array.isArray(body) ? body : body.items);

export const campaignsApi = {
  list: (signal?: AbortSignal) => api.get<{ items: CampaignView[] } | CampaignView[]>('/api/admin/campaigns', undefined, signal).then(itemsOf),
  get: (id: number, signal?: AbortSignal) => api.get<CampaignView>(`/api/admin/campaigns/${id}`, undefined, signal),
  create: (body: CampaignBody) => api.post<CampaignView>('/api/admin/campaigns', body),
  cancel: (id: number) => api.post<CampaignView>(`/api/admin/campaigns/${id}/cancel`),
};
