import { z } from 'zod';

/** Membership tiers from lowest to highest. The tier tables arrive with the membership issue; codes are fixed now. */
export const TIER_CODES = ['bronze', 'silver', 'gold', 'platinum', 'diamond'] as const;
export const tierCodeSchema = z.enum(TIER_CODES);
export type TierCode = z.infer<typeof tierCodeSchema>;

export const TIER_NAMES: Readonly<Record<TierCode, string>> = {
  bronze: '青铜',
  silver: '白银',
  gold: '黄金',
  platinum: '铂金',
  diamond: '钻石',
};

/** Whether a member of `tierCode` (null: a guest) may buy what is reserved for `minTier` and above (null: everyone). */
export function meetsMinTier(tierCode: TierCode | null, minTier: TierCode | null): boolean {
  if (minTier === null) return true;
  return tierCode !== null && TIER_CODES.indexOf(tierCode) >= TIER_CODES.indexOf(minTier);
}
