/**
 * The promotions API contract: request bodies (zod, validated by the server) and the views it answers
 * with. Rules and scopes are the shared pricing rules (../pricing/rules); times are ISO strings;
 * money is integer fen. Every view that shows a countdown carries `serverNow`: the server's clock is
 * authoritative, never the phone's.
 */
import { z } from 'zod';
import { fenSchema, idSchema, multilineTextSchema, textSchema } from '../common/schemas';
import { checkoutLinesSchema } from '../orders/schemas';
import { promotionRuleSchema, promotionScopeSchema, stackingMatrixSchema, type PromotionRule, type PromotionScope, type StackingMatrix } from '../pricing';
import { tierCodeSchema } from '../members/tiers';

const id = idSchema;
const isoDate = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const name = textSchema(40);

// ── Approval (maker-checker) ──────────────────────────────────────────────────────────────────────

export const APPROVAL_STATUSES = ['not_required', 'pending', 'approved', 'rejected'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export interface ApprovalView {
  status: ApprovalStatus;
  /** Why approval is needed: the discount depth and the SKUs it would push below cost. */
  reason: { depthBp: number; belowCost: { skuId: number; priceAfterFen: number; costPriceFen: number }[] } | null;
  createdBy: number | null;
  approvedBy: number | null;
  approvedAt: string | null;
}

/** The kinds of promotion that pass through approval: `POST /api/admin/approvals/:kind/:id/(approve|reject)`. */
export const APPROVABLE_KINDS = ['coupon_template', 'store_promotion', 'promo_code', 'flash_sale'] as const;
export const approvableKindSchema = z.enum(APPROVABLE_KINDS);
export type ApprovableKind = z.infer<typeof approvableKindSchema>;

export interface PendingApprovalView {
  kind: ApprovableKind;
  id: number;
  name: string;
  ruleText: string;
  approval: ApprovalView;
  createdAt: string;
}

// ── Coupon templates (admin) ──────────────────────────────────────────────────────────────────────

export const couponTemplateBodySchema = z
  .strictObject({
    name,
    description: multilineTextSchema(200).default(''),
    rule: promotionRuleSchema,
    scope: promotionScopeSchema.default({ kind: 'all' }),
    validity: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('window'), validFrom: isoDate, validTo: isoDate }),
      z.strictObject({ kind: z.literal('after_claim'), days: z.number().int().min(1).max(365) }),
    ]),
    claimStartsAt: isoDate.nullable().default(null),
    claimEndsAt: isoDate.nullable().default(null),
    visibility: z.enum(['public', 'hidden']),
    totalCount: z.number().int().min(1).max(10_000_000).nullable().default(null),
    budgetFen: fenSchema.nullable().default(null),
    perMemberCap: z.number().int().min(1).max(100).default(1),
  })
  .refine((body) => body.validity.kind !== 'window' || body.validity.validFrom < body.validity.validTo, {
    message: 'validFrom must be before validTo',
    path: ['validity'],
  })
  .refine((body) => !(body.claimStartsAt && body.claimEndsAt) || body.claimStartsAt < body.claimEndsAt, {
    message: 'claimStartsAt must be before claimEndsAt',
    path: ['claimEndsAt'],
  })
  .refine((body) => ['threshold_off', 'percent_off', 'fixed_off', 'new_customer', 'free_shipping'].includes(body.rule.kind), {
    message: 'a coupon is threshold_off, percent_off, fixed_off, new_customer or free_shipping',
    path: ['rule', 'kind'],
  });
export type CouponTemplateBody = z.infer<typeof couponTemplateBodySchema>;

/** Editable after creation: name, description, visibility, claim window, caps upwards; stop via its own route. */
export const couponTemplatePatchSchema = z
  .strictObject({
    name: name.optional(),
    description: multilineTextSchema(200).optional(),
    visibility: z.enum(['public', 'hidden']).optional(),
    claimEndsAt: isoDate.nullable().optional(),
    totalCount: z.number().int().min(1).max(10_000_000).nullable().optional(),
    budgetFen: fenSchema.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to update' });

export interface CouponTemplateView {
  id: number;
  name: string;
  description: string;
  rule: PromotionRule;
  scope: PromotionScope;
  /** "满199减50", "8.5折 最高减¥20"… */
  ruleText: string;
  stackingGroup: 'coupon' | 'shipping_coupon';
  validity: { kind: 'window'; validFrom: string; validTo: string } | { kind: 'after_claim'; days: number };
  /** "2026.11.24–2026.12.31" or "领取后7天内有效". */
  validityText: string;
  claimStartsAt: string | null;
  claimEndsAt: string | null;
  visibility: 'public' | 'hidden';
  totalCount: number | null;
  budgetFen: number | null;
  faceValueFen: number;
  perMemberCap: number;
  issuedCount: number;
  committedFen: number;
  usedCount: number;
  status: 'active' | 'stopped';
  approval: ApprovalView;
  createdAt: string;
}

/** Live preview: what a sample cart would pay with this rule (the admin's template form). */
export const couponPreviewBodySchema = z.strictObject({
  rule: promotionRuleSchema,
  scope: promotionScopeSchema.default({ kind: 'all' }),
  lines: checkoutLinesSchema,
  tierCode: tierCodeSchema.nullable().default(null),
});
export interface CouponPreviewView {
  applicable: boolean;
  /** Chinese reason when not applicable ("还差¥12.00可用"). */
  reason: string | null;
  goodsSubtotalFen: number;
  discountFen: number;
  payableTotalFen: number;
  explanation: string[];
  /** Maker-checker assessment of the rule on its scope. */
  assessment: { depthBp: number; belowCost: { skuId: number; priceAfterFen: number; costPriceFen: number }[]; needsApproval: boolean };
}

/** Issue to a list of members, or to every member matching a filter (segments come later). */
export const couponIssueBodySchema = z
  .strictObject({
    memberIds: z.array(id).min(1).max(10_000).optional(),
    filter: z
      .strictObject({ tierCodes: z.array(tierCodeSchema).min(1).optional(), registeredAfter: isoDate.optional(), hasPhone: z.boolean().optional() })
      .optional(),
    /** A saved segment: its members as it matches now. */
    segmentId: id.optional(),
    /** A segment snapshot: exactly its frozen members. */
    snapshotId: id.optional(),
    /** Idempotency of the batch: issuing the same batch twice grants nothing twice. */
    batch: textSchema(40),
  })
  .refine((body) => [body.memberIds, body.filter, body.segmentId, body.snapshotId].filter((target) => target !== undefined).length === 1, {
    message: 'give one of memberIds, filter, segmentId or snapshotId',
    path: ['memberIds'],
  });
export interface CouponIssueResult {
  issued: number;
  skipped: { memberId: number; code: string }[];
  /** Members an earlier run of the same batch already granted (nothing granted twice). */
  alreadyIssued: number;
}

export const couponCodesBodySchema = z.strictObject({ count: z.number().int().min(1).max(5000), batch: textSchema(40) });
/** The codes are shown once (and as CSV); afterwards only counts. */
export interface CouponCodesResult {
  batch: string;
  codes: string[];
}

export interface CouponReportView {
  templateId: number;
  issuedCount: number;
  claimedCount: number;
  usedCount: number;
  /** Paid orders that used the coupon: their payable total (GMV with coupon). */
  gmvFen: number;
  /** Discount actually taken by used coupons. */
  discountSpentFen: number;
  budgetFen: number | null;
  committedFen: number;
  codes: { total: number; redeemed: number };
}

// ── Coupons (member) ──────────────────────────────────────────────────────────────────────────────

export interface CouponCenterItem {
  templateId: number;
  name: string;
  description: string;
  ruleText: string;
  rule: PromotionRule;
  scope: PromotionScope;
  validityText: string;
  claimEndsAt: string | null;
  perMemberCap: number;
  /** How many of this template the member holds (any status). */
  claimedByMe: number;
  /** Coupons left to claim (null: unlimited). */
  remaining: number | null;
  canClaim: boolean;
  /** Why not, as an error code (COUPON_CLAIM_CAP_REACHED, COUPON_SOLD_OUT…). */
  reason: string | null;
}

export const MEMBER_COUPON_STATUSES = ['available', 'locked', 'used', 'expired'] as const;
export type MemberCouponStatus = (typeof MEMBER_COUPON_STATUSES)[number];
export const memberCouponListQuerySchema = z.strictObject({ status: z.enum(MEMBER_COUPON_STATUSES).default('available') });

export interface MemberCouponView {
  id: number;
  templateId: number;
  name: string;
  ruleText: string;
  rule: PromotionRule;
  scope: PromotionScope;
  stackingGroup: 'coupon' | 'shipping_coupon';
  status: MemberCouponStatus;
  source: string;
  validFrom: string;
  expiresAt: string;
  usedOrderId: number | null;
}

export const couponRedeemBodySchema = z.strictObject({ code: textSchema(40, 4) });

// ── Store promotions (满减活动) ────────────────────────────────────────────────────────────────────

export const storePromotionBodySchema = z
  .strictObject({ name, rule: promotionRuleSchema, scope: promotionScopeSchema.default({ kind: 'all' }), startsAt: isoDate, endsAt: isoDate })
  .refine((body) => body.startsAt < body.endsAt, { message: 'startsAt must be before endsAt', path: ['endsAt'] })
  .refine((body) => ['threshold_off', 'percent_off', 'fixed_off', 'free_shipping'].includes(body.rule.kind), {
    message: 'unsupported rule for a store promotion',
    path: ['rule', 'kind'],
  });
export interface StorePromotionView {
  id: number;
  name: string;
  rule: PromotionRule;
  scope: PromotionScope;
  ruleText: string;
  startsAt: string;
  endsAt: string;
  status: 'active' | 'stopped';
  /** scheduled | running | ended | stopped | pending_approval. */
  phase: string;
  approval: ApprovalView;
}

// ── Live sessions and promo codes ─────────────────────────────────────────────────────────────────

export const LIVE_PLATFORMS = ['miniprogram_live', 'channels'] as const;
export const LIVE_PLATFORM_NAMES: Readonly<Record<(typeof LIVE_PLATFORMS)[number], string>> = { miniprogram_live: '小程序直播', channels: '视频号直播' };
export const liveSessionBodySchema = z
  .strictObject({
    title: textSchema(60),
    platform: z.enum(LIVE_PLATFORMS),
    roomId: textSchema(64),
    hostName: textSchema(30),
    startsAt: isoDate,
    endsAt: isoDate,
  })
  .refine((body) => body.startsAt < body.endsAt, { message: 'startsAt must be before endsAt', path: ['endsAt'] });
export const liveSessionProductsBodySchema = z.strictObject({ productIds: z.array(id).max(200) });
/** Editable until the session ends; the merged window must still have startsAt < endsAt (checked by the server). */
export const liveSessionPatchSchema = z
  .strictObject({
    title: textSchema(60).optional(),
    roomId: textSchema(64).optional(),
    hostName: textSchema(30).optional(),
    startsAt: isoDate.optional(),
    endsAt: isoDate.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to update' })
  .refine((body) => !(body.startsAt && body.endsAt) || body.startsAt < body.endsAt, { message: 'startsAt must be before endsAt', path: ['endsAt'] });

/** scheduled → live → ended (ended early when staff end it). */
export type LiveSessionStatus = 'scheduled' | 'live' | 'ended';
export interface LiveSessionView {
  id: number;
  title: string;
  platform: (typeof LIVE_PLATFORMS)[number];
  roomId: string;
  hostName: string;
  startsAt: string;
  endsAt: string;
  endedAt: string | null;
  status: LiveSessionStatus;
  /** The mini-program QR `scene` (≤ 32 chars) that opens the session page. */
  sceneCode: string;
  productIds: number[];
  serverNow: string;
}

export const promoCodeBodySchema = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{3,20}$/, 'letters and digits, 3–20')
    .transform((value) => value.toUpperCase()),
  rule: promotionRuleSchema,
  scope: promotionScopeSchema.default({ kind: 'all' }),
  graceMinutes: z.number().int().min(0).max(240).default(0),
  perMemberCap: z.number().int().min(1).max(100).default(1),
  totalCap: z.number().int().min(1).max(10_000_000).nullable().default(null),
});
export interface PromoCodeView {
  id: number;
  sessionId: number;
  code: string;
  rule: PromotionRule;
  scope: PromotionScope;
  ruleText: string;
  graceMinutes: number;
  perMemberCap: number;
  totalCap: number | null;
  usedCount: number;
  status: 'active' | 'stopped';
  approval: ApprovalView;
}

/** GET /api/admin/live-sessions/:id: the session with its promo codes (staff only). */
export interface LiveSessionDetailView extends LiveSessionView {
  promoCodes: PromoCodeView[];
}

export interface LiveSessionReportView {
  sessionId: number;
  /** Orders that used one of the session's codes and are paid (or later). */
  paidOrders: number;
  /** Orders created (any status) with the session's codes. */
  createdOrders: number;
  gmvFen: number;
  buyers: number;
  codeUses: { codeId: number; code: string; usedCount: number; totalCap: number | null; discountFen: number }[];
}

/** What the mini-program's live page shows (GET /api/live-sessions/:id). */
export interface LiveSessionPageView extends LiveSessionView {
  products: { productId: number; title: string; image: string | null; minPriceFen: number; publicPriceFen: number }[];
  /** Codes are never listed to members; the host reads them out. */
}

// ── Flash sales ───────────────────────────────────────────────────────────────────────────────────

export const flashSaleBodySchema = z
  .strictObject({
    title: textSchema(40),
    skuId: id,
    flashPriceFen: fenSchema,
    totalUnits: z.number().int().min(1).max(1_000_000),
    perMemberLimit: z.number().int().min(1).max(99).default(1),
    startsAt: isoDate,
    endsAt: isoDate,
  })
  .refine((body) => body.startsAt < body.endsAt, { message: 'startsAt must be before endsAt', path: ['endsAt'] });
/** Before start everything may change; once started only the end time and the units (not below sold). */
export const flashSalePatchSchema = z
  .strictObject({
    title: textSchema(40).optional(),
    flashPriceFen: fenSchema.optional(),
    totalUnits: z.number().int().min(1).max(1_000_000).optional(),
    perMemberLimit: z.number().int().min(1).max(99).optional(),
    startsAt: isoDate.optional(),
    endsAt: isoDate.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to update' });

/** upcoming → ongoing → ended / sold_out / stopped. */
export type FlashSaleStatus = 'pending_approval' | 'upcoming' | 'ongoing' | 'sold_out' | 'ended' | 'stopped';
export interface FlashSaleView {
  id: number;
  title: string;
  skuId: number;
  productId: number;
  productTitle: string;
  specs: Record<string, string>;
  image: string | null;
  flashPriceFen: number;
  /** The private price it is compared with ("原价"). */
  privatePriceFen: number;
  totalUnits: number;
  soldUnits: number;
  remainingUnits: number;
  perMemberLimit: number;
  startsAt: string;
  endsAt: string;
  status: FlashSaleStatus;
  serverNow: string;
  approval?: ApprovalView;
}
export const flashSaleListQuerySchema = z.strictObject({ status: z.enum(['ongoing', 'upcoming', 'all']).default('all') });

// ── Settings ──────────────────────────────────────────────────────────────────────────────────────

export const promotionSettingsBodySchema = z.strictObject({ stackingMatrix: stackingMatrixSchema, maxDepthBp: z.number().int().min(100).max(10_000) });
export interface PromotionSettingsView {
  stackingMatrix: StackingMatrix;
  maxDepthBp: number;
}

// ── Checkout (extends the quote and order bodies) ─────────────────────────────────────────────────

/** One candidate's fate in the quote. */
export interface PromotionDecisionView {
  candidateId: string;
  group: string;
  label: string;
  status: 'applied' | 'not_applicable' | 'not_combinable' | 'not_chosen' | 'unavailable';
  amountFen: number;
  /** Error code when not applicable / unavailable (PROMOTION_THRESHOLD_NOT_MET, COUPON_EXPIRED…). */
  code: string | null;
  /** Chinese, e.g. "还差¥12.00可用", "不能与 秒杀 同享（第2行）". */
  message: string | null;
}

/** A plan the member can switch to in one tap (coupons back to the best, the live code kept or removed). */
export interface RecommendedPlanView {
  couponId: 'auto';
  shippingCouponId: 'auto';
  /** The live code to keep, or null to remove it. */
  promoCode: string | null;
  /** True when the plan removes the code the member typed. */
  removesPromoCode: boolean;
  /** What the order would pay with this plan (fen, points included as chosen). */
  payableFen: number;
  /** What it saves over the current choices (fen, > 0). */
  savingFen: number;
  /** The member coupons (either group) the plan uses, for the picker's 推荐 mark. */
  couponIds: number[];
}

/** The promotions part of a checkout quote. */
export interface CheckoutPromotionsView {
  decisions: PromotionDecisionView[];
  /** The member's coupons with whether each could be used on this cart (for the coupon picker). */
  coupons: {
    memberCouponId: number;
    name: string;
    ruleText: string;
    stackingGroup: 'coupon' | 'shipping_coupon';
    expiresAt: string;
    usable: boolean;
    savingFen: number;
    message: string | null;
    /** Usable on this cart, but not together with the live code the member typed (removing the code frees it). */
    isBlockedByPromoCode: boolean;
  }[];
  chosen: { couponId: number | null; shippingCouponId: number | null; promoCode: string | null; flashSaleIds: number[]; storePromotionIds: number[] };
  promoCode: { code: string; status: 'applied' | 'rejected'; errorCode: string | null; message: string | null; liveSessionId: number | null } | null;
  /** The unforced best payable total, and what the member's own choice costs compared with it (≥ 0). */
  bestPayableFen: number;
  choiceDeltaFen: number;
  /** Chinese lines explaining every choice. */
  explanation: string[];
  /**
   * The cheapest plan the member can reach in one tap, when it pays less than the current choices (after
   * points): send these choices with the next quote and the order. Null when the current choices are the cheapest.
   */
  recommendedPlan: RecommendedPlanView | null;
  /** Points at checkout: what the member has, what this order can take (capped share), and what it took. */
  points: { available: number; usable: number; usableValueFen: number; used: number; valueFen: number; pointsPerYuan: number } | null;
  /** The member's tier discount and free-shipping perk, when they applied. */
  tier: { code: string; name: string; discountBp: number; freeShippingThresholdFen: number | null } | null;
}
