import type { MembershipView } from '@siyu/shared';
import { formatCount } from '../TierBadge/tier-style';

/** What the tier card needs of the membership view. */
export type TierCardView = Pick<MembershipView, 'tierCode' | 'tierName' | 'growthValue' | 'next' | 'progressBp'>;

export interface TierProgress {
  /** 0–100, for the bar's width (basis points / 100, clamped). */
  percent: number;
  /** "再得 720 成长值升级为 铂金", or the top tier's line. */
  text: string;
  /** "1,280 / 2,000": growth against the next threshold (null at the top tier). */
  scale: string | null;
  isTopTier: boolean;
}

/** The bar and the words under it: how far the member is from the next tier. */
export function tierProgress(view: TierCardView): TierProgress {
  const bp = Math.min(10_000, Math.max(0, Math.trunc(view.progressBp)));
  if (!view.next) return { percent: 100, text: '已是最高等级，尊享全部权益', scale: null, isTopTier: true };
  const text =
    view.next.growthNeeded > 0 ? `再得 ${formatCount(view.next.growthNeeded)} 成长值升级为 ${view.next.tierName}` : `即将升级为 ${view.next.tierName}`;
  return { percent: bp / 100, text, scale: `${formatCount(view.growthValue)} / ${formatCount(view.next.growthThreshold)}`, isTopTier: false };
}
