import Taro from '@tarojs/taro';
import { useCallback, useMemo, useRef, useState } from 'react';
import { formatFen, type Address, type Fen, type Order, type Quote } from '@siyu/shared';
import { createOrder, fetchAddresses, quoteCheckout, type OrderCreateInput } from '../../api/orders';
import { takeChosenAddress } from '../../lib/address-choice';
import { cart } from '../../lib/cart-store';
import { keyForSubmission, type Submission } from '../../lib/checkout-attempt';
import { clearCheckoutDraft, type CheckoutDraft } from '../../lib/checkout-draft';
import { classifyCheckoutError, type CheckoutFailure } from '../../lib/checkout-errors';
import { go } from '../../lib/navigation';
import { payAndShowResult } from '../../lib/order-actions';

const toast = (title: string) => void Taro.showToast({ title, icon: 'none', duration: 2500 });

export interface CheckoutState {
  quote: Quote | null;
  isQuoting: boolean;
  /** Why there is no quote (lines that cannot be bought, or a failure to retry). */
  quoteFailure: CheckoutFailure | null;
  /** Per SKU: why that line cannot be bought as it is. */
  problems: Map<number, string>;
  address: Address | null;
  isAddressLoading: boolean;
  isSubmitting: boolean;
  loadQuote: () => Promise<void>;
  /** On every show: an address picked on the address list, else the one kept (if still there), else the default. */
  refreshAddress: () => Promise<void>;
  submit: (remark: string) => Promise<void>;
}

/**
 * Checkout's behaviour: quote the draft, pick the address, place the order with an idempotency key
 * that a retry of the same submission reuses, sort out failures, then pay.
 */
export function useCheckout(draft: CheckoutDraft | null): CheckoutState {
  const lines = useMemo(() => draft?.lines.map((line) => ({ skuId: line.skuId, quantity: line.quantity })) ?? [], [draft]);
  const [quote, setQuote] = useState<Quote | null>(null);
  const [isQuoting, setIsQuoting] = useState(lines.length > 0);
  const [quoteFailure, setQuoteFailure] = useState<CheckoutFailure | null>(null);
  const [problems, setProblems] = useState<Map<number, string>>(new Map());
  const [address, setAddress] = useState<Address | null>(null);
  const [isAddressLoading, setIsAddressLoading] = useState(true);
  const [isSubmitting, setIsSubmitting] = useState(false);
  const submission = useRef<Submission | null>(null);
  const isBusy = useRef(false);

  const loadQuote = useCallback(async () => {
    if (lines.length === 0) return;
    setIsQuoting(true);
    setQuoteFailure(null);
    try {
      setQuote(await quoteCheckout(lines));
      setProblems(new Map());
    } catch (error) {
      const failure = classifyCheckoutError(error);
      setQuoteFailure(failure);
      if (failure.kind === 'lines') setProblems(failure.problems);
    } finally {
      setIsQuoting(false);
    }
  }, [lines]);

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

  const placed = () => {
    submission.current = null;
    clearCheckoutDraft();
    if (draft?.source === 'cart') void cart.removeOrdered(draft.lines.map((line) => line.skuId));
  };

  const fail = async (failure: CheckoutFailure, retry: (expectedPayableFen: number) => Promise<void>) => {
    switch (failure.kind) {
      case 'price_changed': {
        setQuote(failure.quote);
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
        void Taro.showModal({ title: failure.title, content: '请返回修改标红的商品后再提交订单', showCancel: false, confirmText: '知道了', confirmColor: '#ee0a24' });
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

  const place = async (input: OrderCreateInput): Promise<void> => {
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
    placed();
    // The order exists now: whatever the payment does, this page is done (the unpaid order can be paid later).
    if (!(await payAndShowResult(order, { replace: true }))) go.order(order.id, { replace: true });
  };

  const submit = async (remark: string) => {
    if (!quote || isBusy.current) return;
    if (!address) {
      toast('请先添加收货地址');
      return;
    }
    await place({ lines, addressId: address.id, remark: remark.trim(), expectedPayableFen: quote.payableTotalFen });
  };

  return { quote, isQuoting, quoteFailure, problems, address, isAddressLoading, isSubmitting, loadQuote, refreshAddress, submit };
}
