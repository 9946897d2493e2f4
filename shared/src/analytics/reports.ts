import { z } from 'zod';
import type { ProductRole } from '../catalog';
import type { Fen } from '../money';
import { analyticsDaySchema } from './range';

/*
 * The reports of 数据看板 (issue 16), all under /api/admin/reports (reports:read unless said), all with ?from&to
 * (China days) checked by reportRangeProblem, and all exportable: `GET /api/admin/reports/<name>.csv?…` answers
 * the CSV directly up to EXPORT_SYNC_MAX_ROWS rows, else 202 { exportId } and the export runs as a job.
 * Definitions: docs/metrics.md.
 */

/** Funnel steps in order, with their bit in stats_visits.steps (paid comes from orders). */
export const FUNNEL_STEPS = ['visit', 'product_view', 'add_to_cart', 'checkout_start', 'paid'] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];
export const FUNNEL_STEP_LABELS: Readonly<Record<FunnelStep, string>> = {
  visit: '访客',
  product_view: '浏览商品',
  add_to_cart: '加入购物车',
  checkout_start: '提交订单',
  paid: '支付',
};
export const FUNNEL_STEP_BITS = { visit: 1, product_view: 2, add_to_cart: 4, checkout_start: 8, share: 16 } as const;

/** GET /api/admin/reports/funnel?from&to[&channelId] */
export const funnelQuerySchema = z.strictObject({
  from: analyticsDaySchema,
  to: analyticsDaySchema,
  channelId: z.coerce.number().int().min(0).max(2_147_483_647).optional(),
});
export interface FunnelRow {
  /** 0 = 自然流量 (no channel). */
  channelId: number;
  channelName: string;
  /** Distinct visitors reaching each step in the range, in FUNNEL_STEPS order. */
  steps: Record<FunnelStep, number>;
}
export interface FunnelReport {
  from: string;
  to: string;
  total: Record<FunnelStep, number>;
  /** Per channel, largest first. */
  channels: FunnelRow[];
  /** Per day of the range: the total funnel (daily distinct visitors). */
  days: ({ day: string } & Record<FunnelStep, number>)[];
}

/** GET /api/admin/reports/cohorts?from&to[&channelId] — cohorts are the months of from..to (first paid order). */
export const cohortsQuerySchema = funnelQuerySchema;
export interface CohortRow {
  /** YYYY-MM-01 */
  month: string;
  /** Members whose first paid order fell in the month. */
  members: number;
  /** months[k]: members of the cohort with a paid order in month k after (k = 0 is the cohort month). */
  active: number[];
  /** active[k] / members, 4 decimals. */
  retention: number[];
  /** Cumulative net paid amount per cohort member by month k (LTV curve), fen. */
  ltvFen: Fen[];
}
export interface CohortsReport {
  from: string;
  to: string;
  cohorts: CohortRow[];
  /** LTV curves per acquisition channel: cumulative net paid per member by months since first order. */
  ltvByChannel: { channelId: number; channelName: string; members: number; ltvFen: Fen[] }[];
}

/** GET /api/admin/reports/repurchase?from&to — first-time buyers of the range and their next order. */
export const REPURCHASE_WINDOWS = [30, 60, 90] as const;
export interface RepurchaseReport {
  from: string;
  to: string;
  /** Members whose first paid order fell in the range. */
  firstBuyers: number;
  /** For 30 / 60 / 90: those who paid again within N days of the first order, and the rate (only counted once N days have passed; `eligible` says how many could). */
  windows: { days: number; eligible: number; repurchased: number; rate: number }[];
  /** Per category: days between consecutive purchases of it (repeat purchases in the range). */
  categories: {
    categoryId: number;
    categoryName: string;
    repeats: number;
    medianDays: number | null;
    p25Days: number | null;
    p75Days: number | null;
    /** Histogram: buckets of 15 days (0–14, 15–29, … , 180+). */
    buckets: { fromDays: number; toDays: number | null; repeats: number }[];
  }[];
}

export const PROMOTION_KINDS = ['coupon', 'store_promotion', 'promo_code', 'flash_sale'] as const;
export type PromotionKind = (typeof PROMOTION_KINDS)[number];
export const PROMOTION_KIND_LABELS: Readonly<Record<PromotionKind, string>> = {
  coupon: '优惠券',
  store_promotion: '满减活动',
  promo_code: '直播码',
  flash_sale: '秒杀',
};

/** GET /api/admin/reports/promotions?from&to */
export interface PromotionRow {
  kind: PromotionKind;
  promotionId: number;
  name: string;
  /** Coupons only: claimed in the range; null for other kinds. */
  claimed: number | null;
  orders: number;
  buyers: number;
  gmvFen: Fen;
  discountFen: Fen;
  /** The promotion's budget when it has one (fen), else null. */
  budgetFen: Fen | null;
  /** Incremental GMV against a holdout (an experiment or campaign with one), else null. */
  incrementalGmvFen: Fen | null;
}
export interface PromotionsReport {
  from: string;
  to: string;
  rows: PromotionRow[];
  /** Live sessions in the range: GMV, buyers and code uses per stream. */
  liveSessions: { liveSessionId: number; name: string; orders: number; buyers: number; gmvFen: Fen; codeUses: number }[];
}

/** GET /api/admin/reports/members?from&to */
export interface MembersReport {
  from: string;
  to: string;
  tiers: { tier: string; tierName: string; members: number; gmvFen: Fen; gmvShare: number }[];
  /** Month-to-month lifecycle transitions (from member.lifecycle_changed). */
  lifecycleFlows: { month: string; from: string; to: string; members: number }[];
  /** Points outstanding now and their value (the points liability). */
  pointsLiability: { points: number; valueFen: Fen };
}

/** GET /api/admin/reports/products?from&to */
export interface ProductsReport {
  from: string;
  to: string;
  products: {
    productId: number;
    title: string;
    role: ProductRole;
    orders: number;
    quantity: number;
    salesFen: Fen;
    refundedFen: Fen;
    /** sales − refunds − cost of the units kept; null when any SKU sold has no cost price. */
    marginFen: Fen | null;
    /** marginFen / (sales − refunds), 4 decimals; null as above. */
    marginRate: number | null;
  }[];
  /** The product mix by role: share of sales and of margin. */
  roles: { role: ProductRole; salesFen: Fen; marginFen: Fen | null; salesShare: number }[];
}

/** GET /api/admin/reports/staff?from&to (reports:staff) — GMV of the members each staff member owns. */
export interface StaffReport {
  from: string;
  to: string;
  staff: { staffId: number; displayName: string; members: number; payingMembers: number; gmvFen: Fen }[];
}

export const REPORT_NAMES = ['overview', 'funnel', 'cohorts', 'repurchase', 'promotions', 'members', 'products', 'staff'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];
