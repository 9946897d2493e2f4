import type { CouponCenterItem } from '@siyu/shared';

/** The coupon center's button for one template. */
export interface ClaimButton {
  label: string;
  isEnabled: boolean;
  /** A stamp on the card: "已领取", "已抢光". */
  stamp: string | null;
  /** A guest taps to log in first. */
  needsLogin: boolean;
}

/** What the server's `reason` means on the button. */
export function claimButton(item: Pick<CouponCenterItem, 'canClaim' | 'reason' | 'claimedByMe'>): ClaimButton {
  if (item.canClaim) return { label: item.claimedByMe > 0 ? '再领一张' : '立即领取', isEnabled: true, stamp: null, needsLogin: false };
  switch (item.reason) {
    case 'UNAUTHENTICATED':
      return { label: '立即领取', isEnabled: true, stamp: null, needsLogin: true };
    case 'COUPON_CLAIM_CAP_REACHED':
      return { label: '已领取', isEnabled: false, stamp: '已领取', needsLogin: false };
    case 'COUPON_SOLD_OUT':
    case 'COUPON_BUDGET_EXHAUSTED':
      return { label: '已抢光', isEnabled: false, stamp: '已抢光', needsLogin: false };
    case 'COUPON_CLAIM_NOT_OPEN':
      return { label: '未开始', isEnabled: false, stamp: null, needsLogin: false };
    default:
      return { label: '不可领取', isEnabled: false, stamp: null, needsLogin: false };
  }
}

/** The center after a successful claim, without waiting for a reload: one more held, and the cap. */
export function afterClaim(items: readonly CouponCenterItem[], templateId: number): CouponCenterItem[] {
  return items.map((item) => {
    if (item.templateId !== templateId) return item;
    const claimedByMe = item.claimedByMe + 1;
    const remaining = item.remaining === null ? null : Math.max(0, item.remaining - 1);
    const reason = claimedByMe >= item.perMemberCap ? 'COUPON_CLAIM_CAP_REACHED' : remaining === 0 ? 'COUPON_SOLD_OUT' : null;
    return { ...item, claimedByMe, remaining, canClaim: reason === null, reason };
  });
}
