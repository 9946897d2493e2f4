import { fireEvent, render, screen } from '@testing-library/react';
import type { CouponChoice, RecommendedPlanView } from '@siyu/shared';
import { CouponPicker, checkedCouponId, pickerOrder, type PickerCoupon, type CouponPickerProps } from './index';

const coupon = (memberCouponId: number, overrides: Partial<PickerCoupon> = {}): PickerCoupon => ({
  memberCouponId,
  name: `券${memberCouponId}`,
  ruleText: '满199减50',
  stackingGroup: 'coupon',
  expiresAt: '2026-12-31T15:59:59.000Z',
  usable: true,
  savingFen: 5000,
  message: null,
  isBlockedByPromoCode: false,
  ...overrides,
});

const PLAN: RecommendedPlanView = {
  couponId: 'auto',
  shippingCouponId: 'auto',
  promoCode: null,
  removesPromoCode: true,
  payableFen: 37_300,
  savingFen: 3200,
  couponIds: [1],
};

const COUPONS = [
  coupon(1, { name: '无门槛5元', ruleText: '无门槛减¥5', savingFen: 500 }),
  coupon(2, { name: '满199减50', savingFen: 5000 }),
  coupon(3, { name: '满299减80', ruleText: '满299减80', usable: false, savingFen: 0, message: '还差¥12.00可用' }),
];

function renderPicker(overrides: Partial<CouponPickerProps> = {}) {
  const onChoose = jest.fn<void, [CouponChoice]>();
  const onAcceptPlan = jest.fn<void, [RecommendedPlanView]>();
  const props: CouponPickerProps = {
    isOpen: true,
    title: '优惠券',
    coupons: COUPONS,
    choice: 'auto',
    recommendedId: 2,
    chosenId: 2,
    plan: null,
    onChoose,
    onAcceptPlan,
    onClose: jest.fn(),
    ...overrides,
  };
  const view = render(<CouponPicker {...props} />);
  const card = (name: string) => screen.getByText(name).closest('.coupon-card') as HTMLElement;
  return { ...view, onChoose, onAcceptPlan, card };
}

describe('CouponPicker', () => {
  it('puts the recommended coupon first, marked 推荐 and checked, with what it saves', () => {
    const { container, card } = renderPicker();
    expect(Array.from(container.querySelectorAll('.coupon-card__name'), (node) => node.textContent)).toEqual(['满199减50', '无门槛5元', '满299减80']);
    expect(card('满199减50').querySelector('.coupon-card__tag')?.textContent).toBe('推荐');
    expect(card('满199减50').className).toContain('coupon-card--selected');
    expect(screen.getByText('本单可省¥50.00')).toBeTruthy();
    expect(screen.getByText('2张可用')).toBeTruthy();
    expect(screen.getByText('已为你选择最优方案')).toBeTruthy();
  });

  it('greys a coupon that does not work on this order, with the reason, and does not choose it', () => {
    const { card, onChoose } = renderPicker();
    expect(card('满299减80').className).toContain('coupon-card--muted');
    expect(screen.getByText('还差¥12.00可用')).toBeTruthy();
    fireEvent.click(card('满299减80'));
    expect(onChoose).not.toHaveBeenCalled();
  });

  it('chooses another coupon by id, the recommended one as auto, and none', () => {
    const { card, onChoose } = renderPicker();
    fireEvent.click(card('无门槛5元'));
    expect(onChoose).toHaveBeenLastCalledWith(1);
    fireEvent.click(card('满199减50'));
    expect(onChoose).toHaveBeenLastCalledWith('auto');
    fireEvent.click(screen.getByText('不使用优惠券'));
    expect(onChoose).toHaveBeenLastCalledWith('none');
  });

  it("shows the member's own choice and what it costs compared with the best", () => {
    const { card } = renderPicker({ choice: 1, chosenId: 1, plan: { ...PLAN, removesPromoCode: false, promoCode: null, savingFen: 4500 } });
    expect(card('无门槛5元').className).toContain('coupon-card--selected');
    expect(card('满199减50').className).not.toContain('coupon-card--selected');
    expect(screen.getByText('比最优方案多付¥45.00')).toBeTruthy();
  });

  it('checks 不使用优惠券 when the member chose none, and says when nothing is usable', () => {
    const { container } = renderPicker({ choice: 'none', chosenId: null, coupons: [COUPONS[2] as PickerCoupon], recommendedId: null });
    expect(container.querySelector('.coupon-picker__none--on')).not.toBeNull();
    expect(screen.getByText('暂无可用')).toBeTruthy();
    expect(container.querySelector('.coupon-card__tag')).toBeNull();
  });

  it('offers the coupons only the live code blocks: 去掉直播码可用, and a tap takes the plan', () => {
    const blocked = [
      coupon(1, { name: '满400减70', usable: false, savingFen: 0, isBlockedByPromoCode: true, message: '不能与直播优惠码同享' }),
      coupon(2, { name: '无门槛20', usable: false, savingFen: 0, isBlockedByPromoCode: true, message: '不能与直播优惠码同享' }),
    ];
    const { container, card, onChoose, onAcceptPlan } = renderPicker({ coupons: [...blocked].reverse(), recommendedId: null, chosenId: null, plan: PLAN });
    expect(screen.queryByText('暂无可用')).toBeNull();
    expect(screen.getByText('1张去掉直播码可用')).toBeTruthy();
    expect(Array.from(container.querySelectorAll('.coupon-card__name'), (node) => node.textContent)).toEqual(['满400减70', '无门槛20']);
    expect(card('满400减70').querySelector('.coupon-card__tag')?.textContent).toBe('推荐');
    expect(card('满400减70').className).not.toContain('coupon-card--muted');
    expect(screen.getAllByText('去掉直播码可用，省¥32.00')).toHaveLength(2);
    expect(screen.getByText('不与直播码同享')).toBeTruthy();
    fireEvent.click(card('无门槛20'));
    expect(onAcceptPlan).not.toHaveBeenCalled();
    fireEvent.click(card('满400减70'));
    expect(onAcceptPlan).toHaveBeenCalledWith(PLAN);
    expect(onChoose).not.toHaveBeenCalled();
  });

  it('orders and checks without rendering too', () => {
    expect(pickerOrder(COUPONS, null).map((c) => c.memberCouponId)).toEqual([2, 1, 3]);
    expect(checkedCouponId('auto', null)).toBeNull();
    expect(checkedCouponId('none', 2)).toBe('none');
    expect(checkedCouponId(7, 2)).toBe(7);
  });
});
