import Taro from '@tarojs/taro';
import { useCallback, useMemo, useRef, useState } from 'react';
import { formatFen, type Address, type CouponChoice, type Fen, type Order, type RecommendedPlanView } from '@siyu/shared';
import { ApiError } from '../../api/errors';
import { createOrder, fetchAddresses, type OrderCreateInput } from '../../api/orders';
import { quoteWithPromotions, readPromoCode, rememberPromoCode, type PromotedQuote, type PromotionChoices } from '../../api/promotions';
import { takeChosenAddress } from '../../lib/address-choice';
import { cart } from '../../lib/cart-store';
import { keyForSubmission, type Submission } from '../../lib/checkout-attempt';
import { clearCheckoutDraft, type CheckoutDraft } from '../../lib/checkout-draft';
import { classifyCheckoutError, type CheckoutFailure } from '../../lib/checkout-errors';
import { go } from '../../lib/navigation';
import { payAndShowResult } from '../../lib/order-actions';
import { choicesForPlan } from './plan';
import { trackCheckoutStart } from '../../analytics/track';

const toast = (title: string) => void Taro.showToast({ title, icon: 'none', duration: 2500 });

/** The coupons the best solution picks (what 'auto' chose), for the picker's 推荐 mark. */
export interface Recommended {
  couponId: number | null;
  shippingCouponId: number | null;
}

export interface CheckoutState {
  quote: PromotedQuote | null;
  isQuoting: boolean;
  /** Why there is no quote (lines that cannot be bought, or a failure to retry). */
  quoteFailure: CheckoutFailure | null;
  /** Per SKU: why that line cannot be bought as it is. */
  problems: Map<number, string>;
  address: Address | null;
  isAddressLoading: boolean;
  isSubmitting: boolean;
  /** The member's promotion choices; every change re-quotes. */
  choices: PromotionChoices;
  /** Pay part of the goods with points (sent alike with the quote and the order). */
  usePoints: boolean;
  setUsePoints: (usePoints: boolean) => void;
  recommended: Recommended;
  chooseCoupon: (group: 'coupon' | 'shipping_coupon', choice: CouponChoice) => void;
  /** Applies a live code (null removes it); remembered on this device for the next checkout too. */
  applyPromoCode: (code: string | null) => void;
  /** Takes the quote's recommended plan in one tap (coupons back to the best, the live code removed when the plan says so). */
  acceptPlan: (plan: RecommendedPlanView) => void;
  loadQuote: () => Promise<void>;
  /** On every show: an address picked on the address list, else the one kept (if still there), else the default. */
  refreshAddress: () => Promise<void>;
  submit: (remark: string) => Promise<void>;
}

/** The promotion choices with the points switch, as the quote and order bodies take them. */
export type CheckoutChoices = PromotionChoices & { usePoints: boolean };

/** The choices an order repeats: a code the quote rejected is left out (it changes nothing either way). */
export function orderChoices(choices: PromotionChoices, quote: PromotedQuote): PromotionChoices {
  const isCodeApplied = choices.promoCode !== undefined && quote.promotions?.promoCode?.status === 'applied';
  return { couponId: choices.couponId, shippingCouponId: choices.shippingCouponId, ...(isCodeApplied ? { promoCode: choices.promoCode } : {}) };
}

function initialChoices(): PromotionChoices {
  const promoCode = readPromoCode();
  return { couponId: 'auto', shippingCouponId: 'auto', ...(promoCode ? { promoCode } : {}) };
}

/**
 * Checkout's behaviour: quote the draft with the member's promotion choices (coupon, shipping coupon,
 * live code, points), pick the address, place the order with the same choices and an idempotency key that a
 * retry of the same submission reuses, sort out failures, then pay.
 */
export function useCheckout(draft: CheckoutDraft | null): CheckoutState {
  const lines = useMemo(() => draft?.lines.map((line) => ({ skuId: line.skuId, quantity: line.quantity })) ?? [], [draft]);
  const [quote, setQuote] = useState<PromotedQuote | null>(null);
  const [choices, setChoices] = useState<PromotionChoices>(initialChoices);
  const [usePoints, setUsePointsState] = useState(false);
  const [recommended, setRecommended] = useState<Recommended>({ couponId: null, shippingCouponId: null });
  const quoteGeneration = useRef(0);
  const [isQuoting, setIsQuoting] = useState(lines.length > 0);
  const [quoteFailure, setQuoteFailure] = useState<CheckoutFailure | null>(null);
  const [problems, setProblems] = useState<Map<number, string>>(new Map());
  const [address, setAddress] = useState<Address | null>(null);
  // Shipping templates price by the address's province: another address is another quote.
  const addressId = address?.id;
  const [isAddressLoading, setIsAddressLoading] = useState(true);
  const [isSubmitting, setIsSubmitting] = useState(false);
  const submission = useRef<Submission | null>(null);
  const isBusy = useRef(false);

  const loadQuote = useCallback(async () => {
    if (lines.length === 0) return;
    // Only the latest quote counts: choices may change faster than the server answers.
    const mine = ++quoteGeneration.current;
    setIsQuoting(true);
    setQuoteFailure(null);
    try {
      const body: CheckoutChoices = { ...choices, usePoints };
      const next = await quoteWithPromotions(lines, body, addressId);
      if (mine !== quoteGeneration.current) return;
      setQuote(next);
      setProblems(new Map());
      const chosen = next.promotions?.chosen;
      if (chosen) {
        setRecommended((current) => ({
          couponId: choices.couponId === 'auto' ? chosen.couponId : current.couponId,
          shippingCouponId: choices.shippingCouponId === 'auto' ? chosen.shippingCouponId : current.shippingCouponId,
        }));
      }
    } catch (error) {
      if (mine !== quoteGeneration.current) return;
      // Too many wrong codes: every quote with a code is refused for a while, so drop the code and quote without it.
      if (error instanceof ApiError && error.code === 'TOO_MANY_ATTEMPTS' && choices.promoCode) {
        toast(error.message);
        rememberPromoCode(null);
        setChoices(({ promoCode: _dropped, ...rest }) => rest);
        return;
      }
      const failure = classifyCheckoutError(error);
      setQuoteFailure(failure);
      if (failure.kind === 'lines') setProblems(failure.problems);
    } finally {
      if (mine === quoteGeneration.current) setIsQuoting(false);
    }
  }, [lines, choices, usePoints, addressId]);

  const chooseCoupon = useCallback((group: 'coupon' | 'shipping_coupon', choice: CouponChoice) => {
    // Another body is another submission: never reuse the idempotency key of the previous choices.
    submission.current = null;
    setChoices((current) => (group === 'coupon' ? { ...current, couponId: choice } : { ...current, shippingCouponId: choice }));
  }, []);

  const setUsePoints = useCallback((next: boolean) => {
    submission.current = null;
    setUsePointsState(next);
  }, []);

  const applyPromoCode = useCallback((code: string | null) => {
    submission.current = null;
    rememberPromoCode(code);
    setChoices(({ promoCode: _dropped, ...rest }) => (code ? { ...rest, promoCode: code } : rest));
  }, []);

  const acceptPlan = useCallback((plan: RecommendedPlanView) => {
    submission.current = null;
    if (plan.removesPromoCode) rememberPromoCode(null);
    setChoices((current) => choicesForPlan(current, plan));
  }, []);

  const refreshAddress = useCallback(async () => {
    const chosen = takeChosenAddress();
    if (chosen) {
      setAddress(chosen);
      setIsAddressLoading(false);
      return;
    }
    try {
      const items = await fetchAddresses();
      setAddress((current) => items.find((item) => item.id === current?.id) ?? items.find((item) => item.isDefault) ?? items[0] ?? null);
    } catch {
      // Keep what is shown; submitting checks the address on the server anyway.
    } finally {
      setIsAddressLoading(false);
    }
  }, []);

  const placed = (input: OrderCreateInput & CheckoutChoices) => {
    submission.current = null;
    clearCheckoutDraft();
    // A live code is good for one order per member: forget it once an order used it.
    if (input.promoCode) rememberPromoCode(null);
    if (draft?.source === 'cart') void cart.removeOrdered(draft.lines.map((line) => line.skuId));
  };

  const fail = async (failure: CheckoutFailure, retry: (expectedPayableFen: number) => Promise<void>) => {
    switch (failure.kind) {
      case 'price_changed': {
        setQuote(failure.quote as PromotedQuote);
        const { confirm } = await Taro.showModal({
          title: '价格有变动',
          content: `商品价格或优惠有更新，应付金额变为 ${formatFen(failure.quote.payableTotalFen as Fen)}，是否按新金额提交订单？`,
          confirmText: '继续提交',
          cancelText: '再看看',
          confirmColor: '#ee0a24',
        });
        if (confirm) await retry(failure.quote.payableTotalFen);
        return;
      }
      case 'lines':
        setProblems(failure.problems);
        void Taro.showModal({
          title: failure.title,
          content: '请返回修改标红的商品后再提交订单',
          showCancel: false,
          confirmText: '知道了',
          confirmColor: '#ee0a24',
        });
        return;
      case 'address':
        setAddress(null);
        toast('收货地址已失效，请重新选择');
        await refreshAddress();
        return;
      case 'retry':
        // Same submission next time → same key: the server answers the order if it was made after all.
        toast(`${failure.message}，请重新提交`);
        return;
      case 'other':
        submission.current = null;
        toast(failure.message);
    }
  };

  const place = async (input: OrderCreateInput & CheckoutChoices): Promise<void> => {
    submission.current = keyForSubmission(submission.current, input);
    isBusy.current = true;
    setIsSubmitting(true);
    let order: Order;
    try {
      order = await createOrder(submission.current.key, input);
    } catch (error) {
      isBusy.current = false;
      setIsSubmitting(false);
      await fail(classifyCheckoutError(error), (expectedPayableFen) => place({ ...input, expectedPayableFen }));
      return;
    }
    placed(input);
    // The order exists now: whatever the payment does, this page is done (the unpaid order can be paid later).
    if (!(await payAndShowResult(order, { replace: true }))) go.order(order.id, { replace: true });
  };

  const submit = async (remark: string) => {
    // A quote for changed choices is on its way: the total shown is not the one that will count.
    if (!quote || isBusy.current || isQuoting) return;
    if (!address) {
      toast('请先添加收货地址');
      return;
    }
    trackCheckoutStart(lines.length);
    await place({ lines, addressId: address.id, remark: remark.trim(), expectedPayableFen: quote.payableTotalFen, ...orderChoices(choices, quote), usePoints });
  };

  return {
    quote,
    isQuoting,
    quoteFailure,
    problems,
    address,
    isAddressLoading,
    isSubmitting,
    choices,
    usePoints,
    setUsePoints,
    recommended,
    chooseCoupon,
    applyPromoCode,
    acceptPlan,
    loadQuote,
    refreshAddress,
    submit,
  };
}
