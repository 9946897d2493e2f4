import { Text, View } from '@tarojs/components';
import { formatFen, type CheckoutPromotionsView, type CouponChoice, type Fen, type RecommendedPlanView } from '@siyu/shared';
import { CouponCard, couponFace, validityUntilText } from '../CouponCard';
import { Sheet } from '../Sheet';
import './index.css';

export type PickerCoupon = CheckoutPromotionsView['coupons'][number];

export interface CouponPickerProps {
  isOpen: boolean;
  /** "优惠券" or "运费券". */
  title: string;
  coupons: readonly PickerCoupon[];
  /** What the member asked for: 'auto' (the best), 'none', or one coupon. */
  choice: CouponChoice;
  /** The coupon of the best solution (the one 'auto' picks); null when the best uses none. */
  recommendedId: number | null;
  /** The coupon the current quote applied. */
  chosenId: number | null;
  /** The cheapest plan reachable in one tap, when the current choices pay more (it may remove the live code). */
  plan: RecommendedPlanView | null;
  onChoose: (choice: CouponChoice) => void;
  /** Takes `plan`: coupons back to the best, the live code removed when the plan says so. */
  onAcceptPlan: (plan: RecommendedPlanView) => void;
  onClose: () => void;
}

/** Usable coupons first, the recommended one on top, then by saving; unusable ones after, greyed. */
export function pickerOrder(coupons: readonly PickerCoupon[], recommendedId: number | null): PickerCoupon[] {
  const rank = (coupon: PickerCoupon) => (coupon.memberCouponId === recommendedId ? 0 : coupon.usable ? 1 : 2);
  return [...coupons].sort((a, b) => rank(a) - rank(b) || b.savingFen - a.savingFen || Date.parse(a.expiresAt) - Date.parse(b.expiresAt));
}

/** The coupon shown as chosen: none for 'none', the quote's pick for 'auto', else the member's. */
export function checkedCouponId(choice: CouponChoice, chosenId: number | null): number | 'none' | null {
  if (choice === 'none') return 'none';
  if (choice === 'auto') return chosenId;
  return choice;
}

const fen = (amount: number) => formatFen(amount as Fen);

/** A coupon only the typed live code blocks and that the plan would use: tapping it takes the plan. */
function isFreedByPlan(coupon: PickerCoupon, plan: RecommendedPlanView | null): plan is RecommendedPlanView {
  return plan !== null && plan.removesPromoCode && coupon.isBlockedByPromoCode && plan.couponIds.includes(coupon.memberCouponId);
}

function noteOf(coupon: PickerCoupon, plan: RecommendedPlanView | null): string | null {
  if (isFreedByPlan(coupon, plan)) return `去掉直播码可用，省${fen(plan.savingFen)}`;
  if (coupon.usable) return coupon.savingFen > 0 ? `本单可省${fen(coupon.savingFen)}` : coupon.message;
  if (coupon.isBlockedByPromoCode) return '不与直播码同享';
  return coupon.message ?? '本单不可用';
}

/**
 * The checkout's coupon sheet: every coupon of the member with whether it works on this order and what
 * it saves ("推荐" marks the best), greyed ones with the reason, and 不使用优惠券. Tapping the
 * recommended coupon goes back to the automatic best choice.
 */
export function CouponPicker({ isOpen, title, coupons, choice, recommendedId, chosenId, plan, onChoose, onAcceptPlan, onClose }: CouponPickerProps) {
  const checked = checkedCouponId(choice, chosenId);
  const usableCount = coupons.filter((coupon) => coupon.usable).length;
  const freedCount = coupons.filter((coupon) => isFreedByPlan(coupon, plan)).length;
  const choose = (coupon: PickerCoupon) => {
    if (isFreedByPlan(coupon, plan)) onAcceptPlan(plan);
    else if (coupon.usable) onChoose(coupon.memberCouponId === recommendedId ? 'auto' : coupon.memberCouponId);
  };
  return (
    <Sheet isOpen={isOpen} onClose={onClose} title={title}>
      <View className='coupon-picker'>
        <View className='coupon-picker__summary'>
          <Text>{usableCount > 0 ? `${usableCount}张可用` : freedCount > 0 ? `${freedCount}张去掉直播码可用` : '暂无可用'}</Text>
          {plan ? (
            <Text className='coupon-picker__delta' onClick={() => onAcceptPlan(plan)}>
              {plan.removesPromoCode ? `去掉直播码可用，省${fen(plan.savingFen)}` : `比最优方案多付${fen(plan.savingFen)}`}
            </Text>
          ) : choice === 'auto' && chosenId !== null ? (
            <Text className='coupon-picker__best'>已为你选择最优方案</Text>
          ) : null}
        </View>
        {pickerOrder(coupons, coupons.find((coupon) => isFreedByPlan(coupon, plan))?.memberCouponId ?? recommendedId).map((coupon) => {
          const isChecked = checked === coupon.memberCouponId;
          const isFreed = isFreedByPlan(coupon, plan);
          return (
            <CouponCard
              key={coupon.memberCouponId}
              face={couponFace(null, coupon.ruleText)}
              name={coupon.name}
              validity={validityUntilText(coupon.expiresAt)}
              tone={coupon.usable || isFreed ? 'normal' : 'muted'}
              tag={(coupon.memberCouponId === recommendedId && coupon.usable) || isFreed ? '推荐' : null}
              note={noteOf(coupon, plan)}
              noteTone={coupon.usable || isFreed ? 'red' : 'warn'}
              isSelected={isChecked}
              onClick={() => choose(coupon)}
              action={coupon.usable ? <Text className={`coupon-card__check ${isChecked ? 'coupon-card__check--on' : ''}`}>{isChecked ? '✓' : ''}</Text> : null}
            />
          );
        })}
        <View className={`coupon-picker__none ${checked === 'none' ? 'coupon-picker__none--on' : ''}`} onClick={() => onChoose('none')}>
          <Text>不使用优惠券</Text>
          <Text className={`coupon-card__check ${checked === 'none' ? 'coupon-card__check--on' : ''}`}>{checked === 'none' ? '✓' : ''}</Text>
        </View>
      </View>
    </Sheet>
  );
}
