import { STACKING_GROUP_NAMES, formatFen, stackingGroupSchema, type CheckoutPromotionsView, type CouponChoice, type Fen } from '@siyu/shared';
import { codeBlockingPlan, planHint } from './plan';

export type CouponGroup = 'coupon' | 'shipping_coupon';

export interface CouponRowText {
  text: string;
  /** A saving (red) rather than a hint (grey). */
  isSaving: boolean;
  /** The automatic best choice is in force. */
  isRecommended: boolean;
}

/** The checkout's 优惠券 / 运费券 cell: what the quote applied, or how many coupons could be. */
export function couponRowText(promotions: CheckoutPromotionsView, group: CouponGroup, choice: CouponChoice): CouponRowText {
  const coupons = promotions.coupons.filter((coupon) => coupon.stackingGroup === group);
  const usable = coupons.filter((coupon) => coupon.usable).length;
  const chosenId = group === 'coupon' ? promotions.chosen.couponId : promotions.chosen.shippingCouponId;
  const chosen = chosenId === null ? undefined : coupons.find((coupon) => coupon.memberCouponId === chosenId);
  if (chosen) {
    const text = chosen.savingFen > 0 ? `-${formatFen(chosen.savingFen as Fen)}` : group === 'shipping_coupon' ? '已免运费' : chosen.name;
    return { text, isSaving: true, isRecommended: choice === 'auto' };
  }
  if (choice === 'none') return { text: usable > 0 ? `不使用（${usable}张可用）` : '不使用', isSaving: false, isRecommended: false };
  if (usable > 0) return { text: `${usable}张可用`, isSaving: false, isRecommended: false };
  // Held coupons that only the typed live code blocks are not "none available": say how to free them.
  const blocked = coupons.filter((coupon) => coupon.isBlockedByPromoCode).length;
  const plan = codeBlockingPlan(promotions);
  if (plan && plan.couponIds.some((id) => coupons.some((coupon) => coupon.memberCouponId === id)))
    return { text: planHint(plan), isSaving: false, isRecommended: false };
  if (blocked > 0) return { text: `${blocked}张不与直播码同享`, isSaving: false, isRecommended: false };
  return { text: coupons.length > 0 ? '暂无可用' : '暂无优惠券', isSaving: false, isRecommended: false };
}

/** The promotions applied or missed besides coupons and the live code (满减, 秒杀, 会员价…), for the list under them. */
export function otherDecisions(promotions: CheckoutPromotionsView): CheckoutPromotionsView['decisions'] {
  const isCouponOrCode = (group: string) => group === 'coupon' || group === 'shipping_coupon' || group === 'promo_code';
  return promotions.decisions.filter((decision) => !isCouponOrCode(decision.group) && (decision.status === 'applied' || decision.message !== null));
}

/** The name of a decision's group as the member reads it: 店铺活动, 秒杀, 会员折扣… */
export function groupName(group: string): string {
  const parsed = stackingGroupSchema.safeParse(group);
  return parsed.success ? STACKING_GROUP_NAMES[parsed.data] : '优惠';
}

/** What the live code did: the server's message, else the amount it took off. */
export function promoCodeMessage(promotions: CheckoutPromotionsView): string | null {
  const status = promotions.promoCode;
  if (!status) return null;
  if (status.message) return status.message;
  if (status.status !== 'applied') return '优惠码不可用';
  const applied = promotions.decisions.find((decision) => decision.group === 'promo_code' && decision.status === 'applied');
  return applied && applied.amountFen > 0 ? `已减${formatFen(applied.amountFen as Fen)}` : '已生效';
}

/**
 * The lines of the promotions' explanation that say something the price summary does not: the
 * summary already lists the pricing lines and the payable, and rows above already show the other promotions.
 */
export function choiceExplanation(promotions: CheckoutPromotionsView, pricingLines: readonly string[]): string[] {
  const shownLabels = otherDecisions(promotions).map((decision) => decision.label);
  // The payable is the summary's: the promotions' own 应付 line is worked out before points are taken.
  // What the choice costs is said by the recommended plan's row (after points, and reachable in one tap).
  return promotions.explanation.filter(
    (line) =>
      !pricingLines.includes(line) &&
      !line.startsWith('应付') &&
      !line.startsWith('当前选择比最优组合多付') &&
      !shownLabels.some((label) => line.startsWith(label)),
  );
}
