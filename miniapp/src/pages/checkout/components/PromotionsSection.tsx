import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { formatFen, type CheckoutPromotionsView, type Fen, type RecommendedPlanView } from '@siyu/shared';
import { normalizePromoCode, type PromotionChoices } from '../../../api/promotions';
import { codeBlockingPlan, planAction, planHint } from '../plan';
import { choiceExplanation, couponRowText, groupName, otherDecisions, promoCodeMessage, type CouponGroup } from '../promotion-rows';

export interface PromotionsSectionProps {
  promotions: CheckoutPromotionsView;
  /** The quote's own explanation (shown by the price summary), left out here. */
  pricingLines: readonly string[];
  choices: PromotionChoices;
  isQuoting: boolean;
  onOpenPicker: (group: CouponGroup) => void;
  onApplyCode: (code: string | null) => void;
  /** Takes the recommended plan (the cheapest reachable in one tap). */
  onAcceptPlan: (plan: RecommendedPlanView) => void;
}

const fen = (amount: number) => formatFen(amount as Fen);

function CouponCell({
  name,
  group,
  promotions,
  choices,
  onOpen,
}: {
  name: string;
  group: CouponGroup;
  promotions: CheckoutPromotionsView;
  choices: PromotionChoices;
  onOpen: () => void;
}) {
  const row = couponRowText(promotions, group, group === 'coupon' ? choices.couponId : choices.shippingCouponId);
  return (
    <View className='checkout__cell checkout__cell--link' onClick={onOpen}>
      <Text className='checkout__cell-name'>{name}</Text>
      <View className='checkout__cell-value checkout-promo__value'>
        {row.isRecommended ? <Text className='checkout-promo__tag'>推荐</Text> : null}
        <Text className={row.isSaving ? 'checkout-promo__saving' : 'checkout-promo__hint'}>{row.text}</Text>
      </View>
      <Text className='checkout__cell-arrow'>›</Text>
    </View>
  );
}

function PromoCodeCell({
  promotions,
  code,
  isQuoting,
  onApply,
  onAcceptPlan,
}: {
  promotions: CheckoutPromotionsView;
  code: string | undefined;
  isQuoting: boolean;
  onApply: (code: string | null) => void;
  onAcceptPlan: (plan: RecommendedPlanView) => void;
}) {
  const [typed, setTyped] = useState('');
  const apply = () => {
    const normalized = normalizePromoCode(typed);
    if (!normalized) {
      void Taro.showToast({ title: '请输入3–20位字母或数字', icon: 'none' });
      return;
    }
    setTyped('');
    onApply(normalized);
  };
  if (code) {
    const status = promotions.promoCode?.code === code ? promotions.promoCode : null;
    const isApplied = status?.status === 'applied';
    const message = isQuoting || !status ? '校验中…' : promoCodeMessage(promotions);
    const plan = isQuoting ? null : codeBlockingPlan(promotions);
    return (
      <View className='checkout__cell checkout-promo__code-cell'>
        <Text className='checkout__cell-name'>直播优惠码</Text>
        <View className='checkout-promo__code-body'>
          <View className='checkout-promo__code-line'>
            <Text className={`checkout-promo__code ${isApplied ? '' : 'checkout-promo__code--off'}`}>{code}</Text>
            <Text className='checkout-promo__remove' onClick={() => onApply(null)}>
              移除
            </Text>
          </View>
          <Text className={`checkout-promo__code-message ${isApplied ? 'checkout-promo__code-message--ok' : 'checkout-promo__code-message--bad'}`}>
            {message}
          </Text>
          {plan ? (
            <View className='checkout-promo__code-plan' onClick={() => onAcceptPlan(plan)}>
              <Text>{planHint(plan)}</Text>
              <Text className='checkout-promo__best'>{planAction(plan)}</Text>
            </View>
          ) : null}
        </View>
      </View>
    );
  }
  return (
    <View className='checkout__cell'>
      <Text className='checkout__cell-name'>直播优惠码</Text>
      <Input
        className='checkout-promo__input'
        placeholder='输入主播口播的优惠码'
        maxlength={20}
        value={typed}
        onInput={(event) => setTyped(event.detail.value)}
        onConfirm={apply}
      />
      <Button className={`btn btn--small ${typed.trim() ? 'btn--primary' : 'btn--disabled'} checkout-promo__apply`} onClick={apply}>
        使用
      </Button>
    </View>
  );
}

/** 优惠: the coupon and shipping-coupon cells (opening the picker), the live code, and how the promotions were decided. */
export function PromotionsSection({ promotions, pricingLines, choices, isQuoting, onOpenPicker, onApplyCode, onAcceptPlan }: PromotionsSectionProps) {
  const plan = promotions.recommendedPlan;
  const hasShippingCoupons = promotions.coupons.some((coupon) => coupon.stackingGroup === 'shipping_coupon');
  const others = otherDecisions(promotions);
  const explanation = choiceExplanation(promotions, pricingLines);
  return (
    <View className='card checkout__cells checkout-promo'>
      {others.map((decision) => (
        <View className='checkout__cell' key={decision.candidateId}>
          <Text className='checkout__cell-name'>{groupName(decision.group)}</Text>
          <View className='checkout__cell-value checkout-promo__value'>
            <Text className='checkout-promo__label ellipsis-1'>{decision.label}</Text>
            <Text className={decision.status === 'applied' ? 'checkout-promo__saving' : 'checkout-promo__hint'}>
              {decision.status === 'applied' ? `-${fen(decision.amountFen)}` : decision.message}
            </Text>
          </View>
        </View>
      ))}
      <CouponCell name='优惠券' group='coupon' promotions={promotions} choices={choices} onOpen={() => onOpenPicker('coupon')} />
      {hasShippingCoupons ? (
        <CouponCell name='运费券' group='shipping_coupon' promotions={promotions} choices={choices} onOpen={() => onOpenPicker('shipping_coupon')} />
      ) : null}
      <PromoCodeCell promotions={promotions} code={choices.promoCode} isQuoting={isQuoting} onApply={onApplyCode} onAcceptPlan={onAcceptPlan} />
      {plan && !isQuoting ? (
        <View className='checkout-promo__delta' onClick={() => onAcceptPlan(plan)}>
          <Text>比最优方案多付{fen(plan.savingFen)}</Text>
          <Text className='checkout-promo__best'>{plan.removesPromoCode ? '去掉直播码，使用推荐方案' : '使用推荐方案'}</Text>
        </View>
      ) : null}
      {explanation.length > 0 ? (
        <View className='checkout-promo__explain'>
          {explanation.map((line, index) => (
            <Text className='checkout-promo__explain-line' key={`${index}-${line}`}>
              {line}
            </Text>
          ))}
        </View>
      ) : null}
    </View>
  );
}
