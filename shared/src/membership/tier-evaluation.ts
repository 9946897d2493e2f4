/**
 * Tier evaluation, pure: given a member's tier, the growth that counts for keeping it and any pending
 * downgrade, what happens now. Upgrades are immediate (to the highest tier met); a shortfall schedules
 * a downgrade of one tier after the grace period (counted from the first evaluation that finds it), warns the member `downgradeWarningDays` ahead (once),
 * then applies it; growth back at the tier's threshold cancels it. One action per evaluation, so a
 * member never moves down more than one tier at a time.
 */
import { TIER_CODES, type TierCode } from '../members/tiers';
import type { MembershipSettings, Tier } from './schemas';

const DAY_MS = 24 * 3600 * 1000;
/** China time is UTC+8 all year (no daylight saving). */
const CHINA_OFFSET_MS = 8 * 3600 * 1000;

export type RetentionRule = MembershipSettings['retentionRule'];

export interface PendingDowngrade {
  toTier: TierCode;
  at: Date;
  warnedAt: Date | null;
}

export interface TierEvaluationInput {
  tiers: readonly Pick<Tier, 'code' | 'growthThreshold'>[];
  currentTier: TierCode;
  /** Growth inside the retention window (see `retentionWindowStart`). */
  growthForRetention: number;
  now: Date;
  /** When the member reached the current tier (a pending downgrade due before it is stale). */
  tierSince: Date;
  pendingDowngrade: PendingDowngrade | null;
  settings: Pick<MembershipSettings, 'retentionRule' | 'downgradeGraceDays' | 'downgradeWarningDays'>;
}

export type TierDecision =
  | { action: 'upgrade'; toTier: TierCode }
  /** First shortfall: the member moves down to `toTier` at `at` unless their growth recovers. */
  | { action: 'schedule_downgrade'; toTier: TierCode; at: Date }
  /** Record the warning; `at` is the (possibly postponed) downgrade time the member is told. */
  | { action: 'warn'; toTier: TierCode; at: Date }
  | { action: 'downgrade'; toTier: TierCode }
  | { action: 'cancel_downgrade' }
  | { action: 'none' };

/**
 * Start of the growth that keeps a tier: the same China-time moment 12 months ago (29 Feb → 28 Feb),
 * or 1 January 00:00 China time of the current China year.
 */
export function retentionWindowStart(rule: RetentionRule, now: Date): Date {
  const china = new Date(now.getTime() + CHINA_OFFSET_MS);
  const year = china.getUTCFullYear();
  if (rule === 'calendar_year') return new Date(Date.UTC(year, 0, 1) - CHINA_OFFSET_MS);
  const month = china.getUTCMonth();
  const lastDayThen = new Date(Date.UTC(year - 1, month + 1, 0)).getUTCDate();
  const day = Math.min(china.getUTCDate(), lastDayThen);
  const timeOfDay = china.getTime() - Date.UTC(year, month, china.getUTCDate());
  return new Date(Date.UTC(year - 1, month, day) + timeOfDay - CHINA_OFFSET_MS);
}

/** Index in TIER_CODES of the highest tier whose threshold `growth` meets (0 when none does). */
export function highestTierMet(tiers: TierEvaluationInput['tiers'], growth: number): number {
  let met = 0;
  TIER_CODES.forEach((code, index) => {
    const tier = tiers.find((candidate) => candidate.code === code);
    if (tier && growth >= tier.growthThreshold) met = index;
  });
  return met;
}

function thresholdOf(tiers: TierEvaluationInput['tiers'], code: TierCode): number {
  const tier = tiers.find((candidate) => candidate.code === code);
  if (!tier) throw new RangeError(`tier ${code} is missing`);
  return tier.growthThreshold;
}

/** What a shortfall below the current tier's threshold leads to now (one step at a time). */
function shortfallDecision(input: TierEvaluationInput, toTier: TierCode): TierDecision {
  const { now, settings } = input;
  // A pending downgrade that belongs to an earlier tier (another target, or due before this tier was
  // reached: a tier set by hand or by seeding) is stale: the grace period starts again from now.
  const pending = input.pendingDowngrade;
  const isStale = pending !== null && (pending.toTier !== toTier || pending.at.getTime() < input.tierSince.getTime());
  if (!pending || isStale) return { action: 'schedule_downgrade', toTier, at: new Date(now.getTime() + settings.downgradeGraceDays * DAY_MS) };
  const warningMs = settings.downgradeWarningDays * DAY_MS;
  if (!pending.warnedAt) {
    if (now.getTime() < pending.at.getTime() - warningMs) return { action: 'none' };
    // The member is always told `downgradeWarningDays` ahead: a warning that comes late postpones the downgrade.
    const at = now.getTime() >= pending.at.getTime() ? new Date(now.getTime() + warningMs) : pending.at;
    return { action: 'warn', toTier, at };
  }
  return now.getTime() >= pending.at.getTime() ? { action: 'downgrade', toTier } : { action: 'none' };
}

/** The one thing to do for a member now (see the module comment for the rules). */
export function evaluateTier(input: TierEvaluationInput): TierDecision {
  const current = TIER_CODES.indexOf(input.currentTier);
  const met = highestTierMet(input.tiers, input.growthForRetention);
  const upgradeTo = TIER_CODES[met];
  if (met > current && upgradeTo) return { action: 'upgrade', toTier: upgradeTo };
  const downTo = TIER_CODES[current - 1];
  if (input.growthForRetention >= thresholdOf(input.tiers, input.currentTier) || !downTo) {
    return input.pendingDowngrade ? { action: 'cancel_downgrade' } : { action: 'none' };
  }
  return shortfallDecision(input, downTo);
}

/** An order's full growth: whole yuan of `payableFen` × growth per yuan. */
export function orderGrowthFull(payableFen: number, growthPerYuan: number): number {
  return Math.floor(payableFen / 100) * growthPerYuan;
}

/**
 * The refunded share of `full` growth once `refundedFen` of `payableFen` has come back:
 * floor(full × refunded / payable), in BigInt so it stays exact past 2^53. Cumulative, so several
 * partial refunds add up exactly to what one refund of their total would take.
 */
export function refundedGrowth(full: number, payableFen: number, refundedFen: number): number {
  if (payableFen <= 0 || refundedFen <= 0) return 0;
  if (refundedFen >= payableFen) return full;
  return Number((BigInt(full) * BigInt(refundedFen)) / BigInt(payableFen));
}
