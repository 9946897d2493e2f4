import { TIER_CODES, type ErrorCode, type TierCode } from '@siyu/shared';
import type { ItemRow } from './views';

/** True when `tierCode` is at or above `minTier` in the shared tier order (no minimum: everyone). */
export function meetsTier(tierCode: string, minTier: string | null): boolean {
  if (minTier === null) return true;
  return TIER_CODES.indexOf(tierCode as TierCode) >= TIER_CODES.indexOf(minTier as TierCode);
}

/** What decides whether a member can redeem an item now. */
export interface MemberState {
  tierCode: string;
  /** Points spendable now (usable, unexpired lots). */
  points: number;
  /** Units held per item id. */
  counts: Map<number, number>;
}

/** Why the member cannot redeem the item now, in the order the redemption checks it; null when they can. */
export function refusalOf(row: ItemRow, member: MemberState): ErrorCode | null {
  if (!meetsTier(member.tierCode, row.minTier)) return 'POINTS_MALL_TIER_REQUIRED';
  if (row.redeemedCount >= row.stock) return 'POINTS_MALL_SOLD_OUT';
  if ((member.counts.get(row.id) ?? 0) >= row.perMemberLimit) return 'POINTS_MALL_LIMIT_REACHED';
  if (member.points < row.pointsPrice) return 'POINTS_INSUFFICIENT';
  return null;
}
