import { Input, Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { CouponPicker } from '../../components/CouponPicker';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { OrderLineRow } from '../../components/OrderLineRow';
import { PriceSummary } from '../../components/PriceSummary';
import { SimPaySheet } from '../../components/SimPaySheet';
import { SkeletonBlock } from '../../components/Skeleton';
import { readCheckoutDraft } from '../../lib/checkout-draft';
import { go } from '../../lib/navigation';
import { AddressSection } from './components/AddressSection';
import { PointsRow } from './components/PointsRow';
import { PromotionsSection } from './components/PromotionsSection';
import { SubmitBar } from './components/SubmitBar';
import type { CouponGroup } from './promotion-rows';
import { useCheckout } from './use-checkout';
import { useTrackPage } from '../../analytics/track';
import './index.css';

/**
 * 确认订单: ship-to address, the lines with the server's prices, delivery, remark, the promotions (coupon
 * picker, live code, why), the points switch, amounts with their explanation, 提交订单 → pay.
 */
export default function CheckoutPage() {
  useTrackPage('pages/checkout/index');
  const [draft] = useState(readCheckoutDraft);
  const [remark, setRemark] = useState('');
  const [picking, setPicking] = useState<CouponGroup | null>(null);
  const checkout = useCheckout(draft);
  const { quote, problems, address, choices } = checkout;
  const promotions = quote?.promotions;

  const { loadQuote } = checkout;
  useEffect(() => {
    void loadQuote();
  }, [loadQuote]);
  useDidShow(() => {
    void checkout.refreshAddress();
  });

  if (!draft) {
    return <EmptyState picture='cart' title='没有要结算的商品' description='去购物车选好商品再来结算吧' actionText='去购物车' onAction={go.cart} />;
  }

  const itemCount = draft.lines.reduce((total, line) => total + line.quantity, 0);
  const priceOf = (skuId: number) => quote?.lines.find((line) => line.skuId === skuId);
  const hasProblems = problems.size > 0;
  const label = checkout.isSubmitting ? '提交中…' : hasProblems ? '请修改商品' : '提交订单';
  const pickAddress = () => (address ? go.addresses({ select: true, selectedId: address.id }) : go.addressEdit({ choose: true, back: 1, isFirst: true }));

  return (
    <View className='page checkout'>
      <AddressSection address={address} isLoading={checkout.isAddressLoading} onPick={pickAddress} onAdd={pickAddress} />

      <View className='card checkout__lines'>
        <View className='checkout__shop'>
          <Text className='checkout__shop-name'>思语优选</Text>
          <Text className='checkout__shop-count'>共 {itemCount} 件</Text>
        </View>
        {draft.lines.map((line) => {
          const priced = priceOf(line.skuId);
          return (
            <OrderLineRow
              key={line.skuId}
              line={{ ...line, unitPriceFen: priced?.unitPriceFen ?? null, publicPriceFen: priced?.publicPriceFen ?? null }}
              problem={problems.get(line.skuId)}
            />
          );
        })}
        {hasProblems && draft.source === 'cart' ? (
          <Text className='checkout__fix' onClick={go.cart}>
            返回购物车修改 ›
          </Text>
        ) : null}
      </View>

      <View className='card checkout__cells'>
        <View className='checkout__cell'>
          <Text className='checkout__cell-name'>配送方式</Text>
          <Text className='checkout__cell-value'>快递配送</Text>
        </View>
        <View className='checkout__cell'>
          <Text className='checkout__cell-name'>订单备注</Text>
          <Input
            className='checkout__remark'
            placeholder='选填，请先和商家协商一致'
            maxlength={200}
            value={remark}
            onInput={(event) => setRemark(event.detail.value)}
          />
        </View>
      </View>

      {promotions ? (
        <PromotionsSection
          promotions={promotions}
          pricingLines={quote?.explanation ?? []}
          choices={choices}
          isQuoting={checkout.isQuoting}
          onOpenPicker={setPicking}
          onApplyCode={checkout.applyPromoCode}
          onAcceptPlan={checkout.acceptPlan}
        />
      ) : null}

      {promotions?.points ? (
        <PointsRow points={promotions.points} usePoints={checkout.usePoints} isQuoting={checkout.isQuoting} onToggle={checkout.setUsePoints} />
      ) : null}

      <View className='card checkout__summary'>
        {quote ? (
          <PriceSummary
            goodsSubtotalFen={quote.goodsSubtotalFen}
            discountFen={quote.discountTotalFen}
            shippingFeeFen={quote.shippingFeeFen}
            payableFen={quote.payableTotalFen}
            shipping={quote.shipping}
            explanation={quote.explanation}
            itemCount={itemCount}
            onAddMore={go.home}
          />
        ) : checkout.isQuoting ? (
          <View aria-label='计算中'>
            <SkeletonBlock className='skeleton-line skeleton-line--long' />
            <SkeletonBlock className='skeleton-line skeleton-line--short' />
          </View>
        ) : checkout.quoteFailure?.kind === 'lines' ? (
          <Text className='checkout__quote-note'>{checkout.quoteFailure.title}，请修改后再结算</Text>
        ) : (
          <ErrorState
            message={checkout.quoteFailure && 'message' in checkout.quoteFailure ? checkout.quoteFailure.message : undefined}
            onRetry={() => void checkout.loadQuote()}
          />
        )}
      </View>

      <SubmitBar
        payableFen={quote?.payableTotalFen ?? null}
        label={label}
        isEnabled={quote !== null && !hasProblems && !checkout.isSubmitting && !checkout.isQuoting}
        onSubmit={() => void checkout.submit(remark)}
      />
      {promotions ? (
        <CouponPicker
          isOpen={picking !== null}
          title={picking === 'shipping_coupon' ? '运费券' : '优惠券'}
          coupons={promotions.coupons.filter((coupon) => coupon.stackingGroup === (picking ?? 'coupon'))}
          choice={picking === 'shipping_coupon' ? choices.shippingCouponId : choices.couponId}
          recommendedId={picking === 'shipping_coupon' ? checkout.recommended.shippingCouponId : checkout.recommended.couponId}
          chosenId={picking === 'shipping_coupon' ? promotions.chosen.shippingCouponId : promotions.chosen.couponId}
          plan={promotions.recommendedPlan}
          onChoose={(choice) => {
            if (picking) checkout.chooseCoupon(picking, choice);
            setPicking(null);
          }}
          onAcceptPlan={(plan) => {
            checkout.acceptPlan(plan);
            setPicking(null);
          }}
          onClose={() => setPicking(null)}
        />
      ) : null}
      <SimPaySheet />
    </View>
  );
}
