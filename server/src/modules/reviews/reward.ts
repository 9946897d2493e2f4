/**
 * The first review's reward (the store's 首次评价 settings): growth and points, once per member. Both
 * ledgers key the credit by the member (`action:first_review:<id>` for growth, `first_review:<id>` for
 * points) under a unique constraint, so parallel approvals of one member's reviews credit exactly once.
 */
import type { ServiceContext } from '../../context';
import { creditActionGrowth, loadMembershipSettings } from '../membership';
import { earnPoints } from '../points';

/** Credits the member's first-review reward when it has not been credited; what was credited now. */
export async function rewardFirstReview(tx: ServiceContext, memberId: number, reviewId: number): Promise<{ growth: number; points: number }> {
  const settings = await loadMembershipSettings(tx.db);
  const growth = await creditActionGrowth(tx, memberId, 'first_review');
  const isPointsCredited =
    settings.firstReviewPoints > 0 &&
    (await earnPoints(tx, {
      memberId,
      amount: settings.firstReviewPoints,
      source: 'review',
      sourceKey: `first_review:${memberId}`,
      reason: `首次评价奖励（评价 ${reviewId}）`,
    }));
  return { growth, points: isPointsCredited ? settings.firstReviewPoints : 0 };
}
