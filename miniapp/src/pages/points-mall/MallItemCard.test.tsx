import { fireEvent, render, screen } from '@testing-library/react';
import type { PointsMallItemView } from '@siyu/shared';
import { MallItemCard } from './components/MallItemCard';
import { mallPriceText, mallStockText, redeemButton } from './redeem-state';

jest.mock('../../api/index', () => ({ api: {} }));

const item = (overrides: Partial<PointsMallItemView> = {}): PointsMallItemView => ({
  id: 4,
  title: '尝鲜装 积分+1元购',
  kind: 'goods',
  couponTemplateId: null,
  skuId: 12,
  pointsPrice: 300,
  cashFen: 100,
  stock: 30,
  redeemedCount: 10,
  remaining: 20,
  perMemberLimit: 1,
  status: 'on_sale',
  minTier: null,
  image: null,
  redeemedByMe: 0,
  canRedeem: true,
  reason: null,
  ...overrides,
});

const member = { isLoggedIn: true, available: 1000 };

describe('redeemButton', () => {
  it.each<[string, Partial<PointsMallItemView>, { isLoggedIn: boolean; available?: number | null }, string, boolean]>([
    ['redeemable', {}, member, '立即兑换', true],
    ['a guest logs in first', { canRedeem: false, reason: 'UNAUTHENTICATED' }, { isLoggedIn: false }, '登录兑换', true],
    ['sold out (even for a guest)', { remaining: 0, canRedeem: false, reason: 'POINTS_MALL_SOLD_OUT' }, { isLoggedIn: false }, '已兑完', false],
    ['off sale', { status: 'off_sale' }, member, '已下架', false],
    ['below the tier', { minTier: 'silver', canRedeem: false, reason: 'POINTS_MALL_TIER_REQUIRED' }, member, '白银会员可兑', false],
    ['limit reached', { redeemedByMe: 1, canRedeem: false, reason: 'POINTS_MALL_LIMIT_REACHED' }, member, '已达兑换上限', false],
    ['not enough points (server)', { canRedeem: false, reason: 'POINTS_INSUFFICIENT' }, member, '积分不足', false],
    ['not enough points (fresher balance)', {}, { isLoggedIn: true, available: 299 }, '积分不足', false],
    ['exactly enough points', {}, { isLoggedIn: true, available: 300 }, '立即兑换', true],
    ['balance unknown: the server decides', {}, { isLoggedIn: true, available: null }, '立即兑换', true],
  ])('%s → %s', (_name, overrides, who, label, isEnabled) => {
    const button = redeemButton(item(overrides), who);
    expect(button.label).toBe(label);
    expect(button.isEnabled).toBe(isEnabled);
  });

  it('writes the price with its cash part and the stock with the limit', () => {
    expect(mallPriceText(item())).toBe('300 积分 + ¥1.00');
    expect(mallPriceText(item({ pointsPrice: 1200, cashFen: 0 }))).toBe('1,200 积分');
    expect(mallStockText(item({ redeemedByMe: 1 }))).toBe('剩余 20 件 · 每人限兑 1 件（已兑 1）');
    expect(mallStockText(item({ kind: 'coupon', remaining: 480, perMemberLimit: 3 }))).toBe('剩余 480 张 · 每人限兑 3 张');
  });
});

describe('MallItemCard', () => {
  function renderCard(input: PointsMallItemView, who: { isLoggedIn: boolean; available?: number | null } = member) {
    const onRedeem = jest.fn();
    const onOpen = jest.fn();
    const view = render(<MallItemCard item={input} button={redeemButton(input, who)} onOpen={onOpen} onRedeem={onRedeem} />);
    const button = () => view.container.querySelector('.mall-card__button') as HTMLElement;
    return { ...view, onRedeem, onOpen, button };
  }

  it('redeems from an enabled button without opening the card as well', () => {
    const { button, onRedeem, onOpen } = renderCard(item());
    expect(button().textContent).toBe('立即兑换');
    expect(button().className).toContain('btn--primary');
    fireEvent.click(button());
    expect(onRedeem).toHaveBeenCalledTimes(1);
    expect(onOpen).not.toHaveBeenCalled();
  });

  it('shows why it cannot be redeemed and ignores taps on the disabled button', () => {
    const { button, onRedeem, container } = renderCard(item({ canRedeem: false, reason: 'POINTS_INSUFFICIENT' }));
    expect(button().textContent).toBe('积分不足');
    expect(button().className).toContain('btn--disabled');
    expect(container.querySelector('.mall-card')?.className).toContain('mall-card--off');
    fireEvent.click(button());
    expect(onRedeem).not.toHaveBeenCalled();
  });

  it('marks a tier-only item and a coupon item', () => {
    renderCard(
      item({ minTier: 'gold', kind: 'coupon', title: '无门槛5元券', cashFen: 0, pointsPrice: 450, canRedeem: false, reason: 'POINTS_MALL_TIER_REQUIRED' }),
    );
    expect(screen.getByText('黄金专享')).toBeTruthy();
    expect(screen.getByText('黄金会员可兑')).toBeTruthy();
    expect(screen.getByText('450 积分')).toBeTruthy();
    expect(screen.getByText('券')).toBeTruthy();
  });

  it('opens the item when the card is tapped', () => {
    const { onOpen } = renderCard(item());
    fireEvent.click(screen.getByText('尝鲜装 积分+1元购'));
    expect(onOpen).toHaveBeenCalledTimes(1);
  });
});
