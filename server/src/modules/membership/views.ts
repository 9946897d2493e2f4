import {
  TIER_CODES,
  tierCodeSchema,
  type GrowthEntryView,
  type MembershipView,
  type Tier,
  type TierCode,
  type TierHistoryView,
  type TierReevaluationView,
} from '@siyu/shared';
import type { tierReevaluations } from '../../db/schema';
import type { GrowthEntryRow, TierHistoryRow } from './repo';

export function toGrowthEntryView(row: GrowthEntryRow): GrowthEntryView {
  return {
    id: row.id,
    delta: row.delta,
    source: row.source,
    reason: row.reason,
    orderId: row.orderId,
    staffId: row.staffId,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toTierHistoryView(row: TierHistoryRow): TierHistoryView {
  return {
    fromTier: tierCodeSchema.parse(row.fromTier),
    toTier: tierCodeSchema.parse(row.toTier),
    reason: row.reason,
    growthValue: row.growthValue,
    at: row.createdAt.toISOString(),
  };
}

export function toReevaluationView(row: typeof tierReevaluations.$inferSelect): TierReevaluationView {
  return {
    id: row.id,
    status: row.status as TierReevaluationView['status'],
    total: row.total,
    processed: row.processed,
    changed: row.changed,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
  };
}

/** 0–10000 of the way from `from` to `to` (10000 at or past `to`, rounded down). */
export function progressBp(growth: number, from: number, to: number): number {
  if (growth >= to) return 10_000;
  if (growth <= from || to <= from) return 0;
  return Math.floor(((growth - from) * 10_000) / (to - from));
}

export interface MembershipState {
  tierCode: TierCode;
  tierSince: Date;
  growthValue: number;
  growthTotal: number;
  pending: { toTier: TierCode; at: Date } | null;
  history: TierHistoryRow[];
}

/** The member's 会员中心: tier card, progress to the next tier, perks, any downgrade warning, history. */
export function toMembershipView(tiers: Tier[], state: MembershipState): Omit<MembershipView, 'tasks'> {
  const index = TIER_CODES.indexOf(state.tierCode);
  const tier = tiers[index];
  if (!tier) throw new Error(`tier ${state.tierCode} is missing`);
  const next = tiers[index + 1];
  return {
    tierCode: tier.code,
    tierName: tier.name,
    tierSince: state.tierSince.toISOString(),
    growthValue: state.growthValue,
    growthTotal: state.growthTotal,
    next: next
      ? { tierCode: next.code, tierName: next.name, growthThreshold: next.growthThreshold, growthNeeded: Math.max(0, next.growthThreshold - state.growthValue) }
      : null,
    progressBp: next ? progressBp(state.growthValue, tier.growthThreshold, next.growthThreshold) : 10_000,
    perks: {
      discountBp: tier.discountBp,
      pointsMultiplierBp: tier.pointsMultiplierBp,
      freeShippingThresholdFen: tier.freeShippingThresholdFen,
      birthdayPoints: tier.birthdayPoints,
      hasBirthdayCoupon: tier.birthdayCouponTemplateId !== null,
      monthlyCoupons: tier.monthlyCouponTemplateIds.length,
    },
    downgradeWarning: state.pending
      ? { toTierCode: state.pending.toTier, at: state.pending.at.toISOString(), growthNeeded: Math.max(0, tier.growthThreshold - state.growthValue) }
      : null,
    history: state.history.map(toTierHistoryView).map(({ fromTier, toTier, reason, at }) => ({ fromTier, toTier, reason, at })),
    tiers: tiers.map(({ code, name, growthThreshold, discountBp, pointsMultiplierBp }) => ({ code, name, growthThreshold, discountBp, pointsMultiplierBp })),
  };
}
