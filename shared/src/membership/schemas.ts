/**
 * The membership API contract: tiers and perks, growth value, the points ledger, check-in, the points
 * mall. Points and growth are integers; money is integer fen; times are ISO strings.
 */
import { z } from 'zod';
import { cursorSchema, fenSchema, hasNoControlChars, idSchema, textSchema } from '../common/schemas';
import { toFen } from '../money';
import { TIER_CODES, tierCodeSchema, type TierCode } from '../members/tiers';

// ── Settings ──────────────────────────────────────────────────────────────────────────────────────

export const membershipSettingsSchema = z.strictObject({
  /** Growth value per whole yuan paid (1 by default). */
  growthPerYuan: z.number().int().min(0).max(100).default(1),
  /** null: growth is credited when the order completes; N: N days after payment if not refunded by then. */
  growthCreditDelayDays: z.number().int().min(0).max(60).nullable().default(null),
  /** Which growth counts to keep a tier: the last 12 months, or the current calendar year (China time). */
  retentionRule: z.enum(['rolling_12_months', 'calendar_year']).default('rolling_12_months'),
  /** Days a member keeps their tier after falling short, before moving down one tier. */
  downgradeGraceDays: z.number().int().min(0).max(365).default(30),
  /** Days before a downgrade that the member is warned (a notice is recorded for journeys). */
  downgradeWarningDays: z.number().int().min(0).max(90).default(7),
  /** Points per whole yuan paid, before the tier multiplier. */
  pointsPerYuan: z.number().int().min(0).max(100).default(1),
  /** Days after payment before earned points can be spent (so "buy, spend, return" cannot pay out). */
  pointsPendingDays: z.number().int().min(0).max(90).default(7),
  /** Points expire at the end of the calendar year N years after they were earned (1: the following year). */
  pointsExpiryYears: z.number().int().min(1).max(5).default(1),
  /** Points worth ¥1 at checkout and in the liability report (100 points = ¥1). */
  pointsPerYuanRedeemed: z.number().int().min(1).max(10_000).default(100),
  /** The most of the payable goods amount points may pay, in basis points (5000 = half). */
  pointsMaxShareBp: z.number().int().min(0).max(10_000).default(5000),
  /** When a refund reverses points already spent: let the balance go negative, or record a deduction of their value. */
  allowNegativeBalance: z.boolean().default(false),
  signupPoints: z.number().int().min(0).max(100_000).default(100),
  firstPurchasePoints: z.number().int().min(0).max(100_000).default(200),
  referralPoints: z.number().int().min(0).max(100_000).default(300),
  checkinPoints: z.number().int().min(0).max(10_000).default(5),
  /** Extra points on reaching a streak of N days (e.g. { "7": 20, "30": 100 }). */
  checkinStreakBonus: z.record(z.string().regex(/^\d{1,3}$/), z.number().int().min(0).max(100_000)).default({ '7': 20, '30': 100 }),
  /** Growth for actions, credited once per member. */
  growthForProfileCompleted: z.number().int().min(0).max(10_000).default(20),
  growthForFirstReview: z.number().int().min(0).max(10_000).default(10),
  /** Points for the member's first approved product review, once per member. */
  firstReviewPoints: z.number().int().min(0).max(100_000).default(50),
});
export type MembershipSettings = z.output<typeof membershipSettingsSchema>;
export const DEFAULT_MEMBERSHIP_SETTINGS: MembershipSettings = membershipSettingsSchema.parse({});

// ── Tiers ─────────────────────────────────────────────────────────────────────────────────────────

export const tierSchema = z.strictObject({
  code: tierCodeSchema,
  name: textSchema(10),
  growthThreshold: z.number().int().min(0).max(100_000_000),
  /** Member discount, basis points off (0–5000). */
  discountBp: z.number().int().min(0).max(5000),
  /** 10000 = ×1 … 50000 = ×5. */
  pointsMultiplierBp: z.number().int().min(10_000).max(50_000),
  freeShippingThresholdFen: fenSchema.nullable(),
  birthdayCouponTemplateId: idSchema.nullable(),
  birthdayPoints: z.number().int().min(0).max(100_000),
  monthlyCouponTemplateIds: z.array(idSchema).max(10),
});
export type Tier = z.output<typeof tierSchema>;

/** PUT /api/admin/tiers: all five, thresholds strictly increasing from bronze at 0. */
export const tiersBodySchema = z.strictObject({ tiers: z.array(tierSchema).length(TIER_CODES.length) }).superRefine((body, ctx) => {
  body.tiers.forEach((tier, index) => {
    if (tier.code !== TIER_CODES[index])
      ctx.addIssue({ code: 'custom', message: `tier ${index} must be ${TIER_CODES[index] ?? ''}`, path: ['tiers', index, 'code'] });
    const previous = body.tiers[index - 1];
    if (index === 0 && tier.growthThreshold !== 0) ctx.addIssue({ code: 'custom', message: 'bronze starts at 0', path: ['tiers', index, 'growthThreshold'] });
    if (previous && tier.growthThreshold <= previous.growthThreshold)
      ctx.addIssue({ code: 'custom', message: 'thresholds must increase', path: ['tiers', index, 'growthThreshold'] });
  });
});

export interface TierReevaluationView {
  id: number;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  changed: number;
  error: string | null;
  createdAt: string;
}

/** GET/PUT /api/admin/tiers: the tiers, the settings, and the latest re-evaluation (null before the first). */
export interface TiersAdminView {
  tiers: Tier[];
  settings: MembershipSettings;
  reevaluation: TierReevaluationView | null;
}

/** One growth ledger entry (source: 'order' | 'refund' | 'action' | 'manual'). */
export interface GrowthEntryView {
  id: number;
  delta: number;
  source: string;
  reason: string;
  orderId: number | null;
  staffId: number | null;
  createdAt: string;
}

export interface TierHistoryView {
  fromTier: TierCode;
  toTier: TierCode;
  /** 'upgrade' | 'downgrade' | 'manual' | 'seed'. */
  reason: string;
  growthValue: number;
  at: string;
}

/** GET /api/admin/members/:id/growth: the member's tier state, growth ledger (newest first, paged) and tier history. */
export interface MemberGrowthView {
  memberId: number;
  tierCode: TierCode;
  tierSince: string;
  growthValue: number;
  growthTotal: number;
  pendingDowngrade: { toTierCode: TierCode; at: string; warnedAt: string | null } | null;
  entries: GrowthEntryView[];
  nextCursor: string | null;
  history: TierHistoryView[];
}

// ── The member's view ─────────────────────────────────────────────────────────────────────────────

export interface MembershipView {
  tierCode: TierCode;
  tierName: string;
  tierSince: string;
  /** Growth counted for the tier under the retention rule, and in total. */
  growthValue: number;
  growthTotal: number;
  next: { tierCode: TierCode; tierName: string; growthThreshold: number; growthNeeded: number } | null;
  /** 0–10000: progress from this tier's threshold to the next one's. */
  progressBp: number;
  perks: {
    discountBp: number;
    pointsMultiplierBp: number;
    freeShippingThresholdFen: number | null;
    birthdayPoints: number;
    hasBirthdayCoupon: boolean;
    monthlyCoupons: number;
  };
  /** Set when the member will move down unless they earn enough growth before `at`. */
  downgradeWarning: { toTierCode: TierCode; at: string; growthNeeded: number } | null;
  history: { fromTier: TierCode; toTier: TierCode; reason: string; at: string }[];
  tiers: { code: TierCode; name: string; growthThreshold: number; discountBp: number; pointsMultiplierBp: number }[];
  /** How to earn growth (and points): the store's growth settings as tasks, the one-off ones marked done. */
  tasks: GrowthTaskView[];
}

/** A way to earn growth or points, from the store's settings (a task whose reward is 0 is not listed). */
export interface GrowthTaskView {
  code: 'spend' | 'first_order' | 'profile' | 'first_review' | 'checkin';
  title: string;
  /** What it earns, e.g. "成长值 +20 · 积分 +50", "每实付 ¥1 得 1 成长值". */
  rewardText: string;
  growth: number;
  points: number;
  /** Once per member (first order, profile, first review) or every time (spend, check-in). */
  isOnce: boolean;
  isDone: boolean;
}

/** GET /api/me/points. available / pending / total / expiring follow `pointsBalanceOf` (points-balance.ts). */
export interface PointsSummaryView {
  /** The ledger's Σ entries: `total`, less a refund's debt (negative when the store allows it). */
  balance: number;
  /** Spendable now (可用积分): what checkout and the points mall may spend. */
  available: number;
  /** Earned, not spendable yet (待入账). */
  pending: number;
  /** available + pending (积分总额). */
  total: number;
  /** Of `total`, points expiring within EXPIRING_SOON_DAYS (30). */
  expiringSoon: number;
  expiringSoonAt: string | null;
  /** What 1 yuan costs in points at checkout. */
  pointsPerYuan: number;
  checkin: { checkedInToday: boolean; streak: number; todayPoints: number };
}

export interface PointsEntryView {
  id: number;
  delta: number;
  kind: string;
  reason: string;
  orderId: number | null;
  createdAt: string;
  /** What the entry came from: the first part of its operation key ('order', 'checkin', 'refund', 'adjust', 'expire'…). */
  source?: string;
}

/** GET /api/me/points/ledger: newest first, keyset-paged. */
export interface PointsLedgerPage {
  items: PointsEntryView[];
  nextCursor: string | null;
}

/** POST /api/me/points/checkin. */
export interface CheckinResultView {
  points: number;
  streak: number;
}

/** A lot of earned points, for staff. */
export interface PointsLotView {
  id: number;
  amount: number;
  remaining: number;
  source: string;
  orderId: number | null;
  availableAt: string;
  expiresAt: string;
  createdAt: string;
  /** pending: not usable yet; available; used: nothing left before expiry; expired: past its expiry. */
  status: 'pending' | 'available' | 'used' | 'expired';
}

/** GET /api/admin/members/:id/points: the summary, the latest lots and a page of entries. */
export interface AdminMemberPointsView {
  memberId: number;
  summary: PointsSummaryView;
  lots: PointsLotView[];
  entries: PointsEntryView[];
  nextCursor: string | null;
}

export const pointsLedgerQuerySchema = z.strictObject({ cursor: cursorSchema, limit: z.coerce.number().int().min(1).max(100).default(20) });

export const birthdayBodySchema = z.strictObject({ birthday: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'MM-DD') });

// ── Admin ─────────────────────────────────────────────────────────────────────────────────────────

export const ledgerAdjustmentBodySchema = z.strictObject({
  delta: z
    .number()
    .int()
    .min(-1_000_000)
    .max(1_000_000)
    .refine((value) => value !== 0, { message: 'must not be 0' }),
  reason: textSchema(100, 2),
});

export interface PointsLiabilityView {
  /** Points outstanding (Σ of every member's positive lots remaining), and their value at the redemption rate. */
  outstandingPoints: number;
  outstandingValueFen: number;
  pendingPoints: number;
  members: number;
  /** Points expiring by month (YYYY-MM, China time), with value. */
  expiringByMonth: { month: string; points: number; valueFen: number }[];
  negativeBalances: { members: number; points: number };
}

// ── Points mall ───────────────────────────────────────────────────────────────────────────────────

export const pointsMallItemBodySchema = z
  .strictObject({
    title: textSchema(40),
    kind: z.enum(['coupon', 'goods']),
    couponTemplateId: idSchema.nullable().default(null),
    skuId: idSchema.nullable().default(null),
    pointsPrice: z.number().int().min(1).max(10_000_000),
    cashFen: fenSchema.default(toFen(0)),
    stock: z.number().int().min(0).max(1_000_000),
    perMemberLimit: z.number().int().min(1).max(100).default(1),
    minTier: tierCodeSchema.nullable().default(null),
    image: z
      .string()
      .url()
      .max(500)
      .refine((value) => hasNoControlChars(value), 'must not contain control characters')
      .nullable()
      .default(null),
    sortOrder: z.number().int().min(0).max(100_000).default(0),
  })
  .refine((body) => (body.kind === 'coupon' ? body.couponTemplateId !== null : body.skuId !== null), {
    message: 'a coupon item names a coupon template, a goods item a SKU',
    path: ['kind'],
  });

export interface PointsMallItemView {
  id: number;
  title: string;
  kind: 'coupon' | 'goods';
  couponTemplateId: number | null;
  skuId: number | null;
  pointsPrice: number;
  cashFen: number;
  stock: number;
  redeemedCount: number;
  remaining: number;
  perMemberLimit: number;
  status: 'on_sale' | 'off_sale';
  minTier: TierCode | null;
  image: string | null;
  /** Display order, lowest first. */
  sortOrder?: number;
  /** For the member: how many they redeemed, and whether they can now (with the reason code if not). */
  redeemedByMe?: number;
  canRedeem?: boolean;
  reason?: string | null;
}

/** PATCH /api/admin/points-mall/items/:id: kind, template and SKU are fixed; stock never below what is redeemed. */
export const pointsMallItemPatchSchema = z
  .strictObject({
    title: textSchema(40),
    pointsPrice: z.number().int().min(1).max(10_000_000),
    cashFen: fenSchema,
    stock: z.number().int().min(0).max(1_000_000),
    perMemberLimit: z.number().int().min(1).max(100),
    status: z.enum(['on_sale', 'off_sale']),
    minTier: tierCodeSchema.nullable(),
    image: z
      .string()
      .url()
      .max(500)
      .refine((value) => hasNoControlChars(value), 'must not contain control characters')
      .nullable(),
    sortOrder: z.number().int().min(0).max(100_000),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to change' });

export const pointsMallRedemptionsQuerySchema = z.strictObject({ cursor: cursorSchema, limit: z.coerce.number().int().min(1).max(100).default(20) });

export const pointsMallRedeemBodySchema = z.strictObject({
  /** Goods items ship to this address. */
  addressId: idSchema.optional(),
});

export interface PointsMallRedemptionView {
  id: number;
  itemId: number;
  points: number;
  cashFen: number;
  status: 'completed' | 'pending_payment' | 'cancelled';
  memberCouponId: number | null;
  orderId: number | null;
  createdAt: string;
  /** The item as it is now (title, kind, image), for the member's list. */
  item?: { title: string; kind: 'coupon' | 'goods'; image: string | null };
}
