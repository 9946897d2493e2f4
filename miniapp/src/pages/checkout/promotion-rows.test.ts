import type { CheckoutPromotionsView } from '@siyu/shared';
import { choiceExplanation, couponRowText, groupName, otherDecisions, promoCodeMessage } from './promotion-rows';
import { choicesForPlan, planHint } from './plan';
import { orderChoices } from './use-checkout';

jest.mock('../../api/index', () => ({ api: {} }));

type Coupon = CheckoutPromotionsView['coupons'][number];
const coupon = (memberCouponId: number, overrides: Partial<Coupon> = {}): Coupon => ({
  memberCouponId,
  name: '满199减50',
  ruleText: '满199减50',
  stackingGroup: 'coupon',
  expiresAt: '2026-12-31T15:59:59.000Z',
  usable: true,
  savingFen: 5000,
  message: null,
  isBlockedByPromoCode: false,
  ...overrides,
});

function promotions(overrides: Partial<CheckoutPromotionsView> = {}): CheckoutPromotionsView {
  return {
    decisions: [],
    coupons: [
      coupon(1),
      coupon(2, { usable: false, savingFen: 0, message: '还差¥12.00可用' }),
      coupon(3, { stackingGroup: 'shipping_coupon', name: '包邮券', savingFen: 800 }),
    ],
    chosen: { couponId: 1, shippingCouponId: null, promoCode: null, flashSaleIds: [], storePromotionIds: [] },
    promoCode: null,
    bestPayableFen: 10_000,
    choiceDeltaFen: 0,
    explanation: [],
    recommendedPlan: null,
    points: null,
    tier: null,
    ...overrides,
  };
}

describe('checkout coupon cells', () => {
  it('shows the saving of the applied coupon, marked 推荐 under the automatic choice', () => {
    expect(couponRowText(promotions(), 'coupon', 'auto')).toEqual({ text: '-¥50.00', isSaving: true, isRecommended: true });
    expect(couponRowText(promotions(), 'coupon', 1)).toEqual({ text: '-¥50.00', isSaving: true, isRecommended: false });
  });

  it('counts the usable coupons when none is applied', () => {
    const none = promotions({ chosen: { couponId: null, shippingCouponId: null, promoCode: null, flashSaleIds: [], storePromotionIds: [] } });
    expect(couponRowText(none, 'coupon', 'none').text).toBe('不使用（1张可用）');
    expect(couponRowText(none, 'shipping_coupon', 'auto').text).toBe('1张可用');
    expect(couponRowText(promotions({ coupons: [coupon(2, { usable: false })], chosen: none.chosen }), 'coupon', 'auto').text).toBe('暂无可用');
    expect(couponRowText(promotions({ coupons: [], chosen: none.chosen }), 'coupon', 'auto').text).toBe('暂无优惠券');
  });

  it('never says 暂无可用 for coupons only the typed live code blocks: it says how to free them', () => {
    const none = { couponId: null, shippingCouponId: null, promoCode: 'LIVE88', flashSaleIds: [], storePromotionIds: [] };
    const blocked = [coupon(1, { usable: false, savingFen: 0, isBlockedByPromoCode: true }), coupon(2, { usable: false, isBlockedByPromoCode: true })];
    const plan = {
      couponId: 'auto',
      shippingCouponId: 'auto',
      promoCode: null,
      removesPromoCode: true,
      payableFen: 37_300,
      savingFen: 3200,
      couponIds: [1],
    } as const;
    const withPlan = promotions({ coupons: blocked, chosen: none, recommendedPlan: { ...plan, couponIds: [1] } });
    expect(couponRowText(withPlan, 'coupon', 'auto').text).toBe('去掉直播码可用，省¥32.00');
    expect(couponRowText(promotions({ coupons: blocked, chosen: none }), 'coupon', 'auto').text).toBe('2张不与直播码同享');
    expect(planHint({ ...plan, couponIds: [] })).toBe('去掉直播码可用，省¥32.00');
    expect(planHint({ ...plan, couponIds: [], removesPromoCode: false, promoCode: 'LIVE88' })).toBe('使用推荐方案，省¥32.00');
  });

  it('takes a plan in one tap: coupons back to the best and the code removed or kept as the plan says', () => {
    const plan = {
      couponId: 'auto',
      shippingCouponId: 'auto',
      promoCode: null,
      removesPromoCode: true,
      payableFen: 37_300,
      savingFen: 3200,
      couponIds: [1],
    } as const;
    const current = { couponId: 'none' as const, shippingCouponId: 7, promoCode: 'LIVE88' };
    expect(choicesForPlan(current, { ...plan, couponIds: [1] })).toEqual({ couponId: 'auto', shippingCouponId: 'auto' });
    expect(choicesForPlan(current, { ...plan, couponIds: [1], removesPromoCode: false, promoCode: 'LIVE88' })).toEqual({
      couponId: 'auto',
      shippingCouponId: 'auto',
      promoCode: 'LIVE88',
    });
  });

  it('lists the other promotions applied or missed, not the coupons nor the live code', () => {
    const decisions: CheckoutPromotionsView['decisions'] = [
      {
        candidateId: 'store:1',
        group: 'store_promotion',
        label: '满199减30',
        status: 'not_applicable',
        amountFen: 0,
        code: 'PROMOTION_THRESHOLD_NOT_MET',
        message: '还差¥20.00可用',
      },
      { candidateId: 'flash:2', group: 'flash_sale', label: '秒杀', status: 'applied', amountFen: 2000, code: null, message: null },
      { candidateId: 'coupon:1', group: 'coupon', label: '满199减50', status: 'applied', amountFen: 5000, code: null, message: null },
      { candidateId: 'code:LIVE88', group: 'promo_code', label: 'LIVE88', status: 'applied', amountFen: 800, code: null, message: null },
    ];
    expect(otherDecisions(promotions({ decisions })).map((decision) => decision.candidateId)).toEqual(['store:1', 'flash:2']);
  });
});

describe('checkout promotion texts', () => {
  const codeApplied: CheckoutPromotionsView['decisions'][number] = {
    candidateId: 'promo:1',
    group: 'promo_code',
    label: '直播优惠码 LIVE88',
    status: 'applied',
    amountFen: 1800,
    code: null,
    message: null,
  };

  it("says what the live code took off, or the server's reason", () => {
    expect(
      promoCodeMessage(
        promotions({ decisions: [codeApplied], promoCode: { code: 'LIVE88', status: 'applied', errorCode: null, message: null, liveSessionId: 1 } }),
      ),
    ).toBe('已减¥18.00');
    expect(
      promoCodeMessage(
        promotions({ promoCode: { code: 'NOPE1', status: 'rejected', errorCode: 'PROMO_CODE_INVALID', message: '优惠码无效', liveSessionId: null } }),
      ),
    ).toBe('优惠码无效');
    expect(promoCodeMessage(promotions())).toBeNull();
  });

  it('names the groups in Chinese', () => {
    expect(groupName('store_promotion')).toBe('店铺活动');
    expect(groupName('flash_sale')).toBe('秒杀');
    expect(groupName('something_new')).toBe('优惠');
  });

  it('keeps only the explanation lines the price summary and the rows do not already show', () => {
    const store: CheckoutPromotionsView['decisions'][number] = {
      candidateId: 'store:1',
      group: 'store_promotion',
      label: '全场满减',
      status: 'not_applicable',
      amountFen: 0,
      code: 'PROMOTION_THRESHOLD_NOT_MET',
      message: '还差¥69.10可用',
    };
    const view = promotions({ decisions: [store], explanation: ['商品小计 ¥29.90', '应付 ¥29.90', '全场满减 还差¥69.10可用', '满199减50 还差¥169.10可用'] });
    expect(choiceExplanation(view, ['商品小计 ¥29.90', '应付 ¥29.90'])).toEqual(['满199减50 还差¥169.10可用']);
    // With points the quote's payable is lower than the promotions' own 应付 line: that line never shows.
    expect(choiceExplanation(view, ['商品小计 ¥29.90', '积分抵扣（100积分）：第1行 -¥1.00', '应付 ¥28.90'])).toEqual(['满199减50 还差¥169.10可用']);
  });
});

describe('the order repeats the quote choices', () => {
  const quoteWith = (status: 'applied' | 'rejected' | null) =>
    ({ promotions: promotions({ promoCode: status ? { code: 'LIVE88', status, errorCode: null, message: null, liveSessionId: 1 } : null }) }) as Parameters<
      typeof orderChoices
    >[1];

  it('sends the coupon choices as they are and the live code only when the quote applied it', () => {
    expect(orderChoices({ couponId: 'auto', shippingCouponId: 4, promoCode: 'LIVE88' }, quoteWith('applied'))).toEqual({
      couponId: 'auto',
      shippingCouponId: 4,
      promoCode: 'LIVE88',
    });
    expect(orderChoices({ couponId: 'none', shippingCouponId: 'auto', promoCode: 'LIVE88' }, quoteWith('rejected'))).toEqual({
      couponId: 'none',
      shippingCouponId: 'auto',
    });
    expect(orderChoices({ couponId: 7, shippingCouponId: 'auto' }, quoteWith(null))).toEqual({ couponId: 7, shippingCouponId: 'auto' });
  });
});
