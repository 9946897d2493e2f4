import { formatFen, type CheckoutPromotionsView, type Fen, type RecommendedPlanView } from '@siyu/shared';
import type { PromotionChoices } from '../../api/promotions';

// The quote's recommended plan (the cheapest the shopper can reach in one tap) as the shop words it and
// as the next quote's choices. The server says what the plan is; the words are the shop's.

/** The choices that take the plan: both coupons back to the best, the live code kept or removed. */
export function choicesForPlan(current: PromotionChoices, plan: RecommendedPlanView): PromotionChoices {
  const { promoCode: _typed, ...rest } = current;
  return { ...rest, couponId: plan.couponId, shippingCouponId: plan.shippingCouponId, ...(plan.promoCode ? { promoCode: plan.promoCode } : {}) };
}

/** "去掉直播码可用，省¥32.00" when the plan removes the code, else "使用推荐方案，省¥32.00". */
export function planHint(plan: RecommendedPlanView): string {
  const saving = formatFen(plan.savingFen as Fen);
  return plan.removesPromoCode ? `去掉直播码可用，省${saving}` : `使用推荐方案，省${saving}`;
}

/** The button that takes the plan. */
export function planAction(plan: RecommendedPlanView): string {
  return plan.removesPromoCode ? '去掉直播码' : '使用推荐方案';
}

/** The plan when it removes the typed code (for the code cell and the coupon cells), else null. */
export function codeBlockingPlan(promotions: CheckoutPromotionsView): RecommendedPlanView | null {
  return promotions.recommendedPlan?.removesPromoCode === true ? promotions.recommendedPlan : null;
}
