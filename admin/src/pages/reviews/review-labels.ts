import type { ReviewStatus } from '@siyu/shared';

export const REVIEW_STATUS_NAMES: Readonly<Record<ReviewStatus, string>> = { pending: '待审核', approved: '已通过', rejected: '已驳回' };

/** Reasons staff pick most often when rejecting (they may type another). */
export const REJECT_REASONS = ['内容与商品无关', '含广告或联系方式', '含不文明用语', '图片不清晰或与商品无关'] as const;

/** What the approval earned the member, for the success message. */
export function rewardText(reward: { growth: number; points: number }): string {
  const parts = [reward.growth > 0 ? `成长值 +${reward.growth}` : '', reward.points > 0 ? `积分 +${reward.points}` : ''].filter(Boolean);
  return parts.length > 0 ? `已通过，首次评价奖励 ${parts.join('、')}` : '已通过';
}
