import { fireEvent, render, screen } from '@testing-library/react';
import type { CartLine as CartLineData } from '@siyu/shared';
import { CartLine } from './index';

const line = (overrides: Partial<CartLineData> = {}): CartLineData => ({
  skuId: 11,
  productId: 5,
  title: '每日坚果 25g×30包',
  image: null,
  specs: { 规格: '25g×30包' },
  quantity: 2,
  isSelected: true,
  unitPriceFen: 11900,
  publicPriceFen: 16900,
  lineTotalFen: 23800,
  stock: 3,
  purchaseLimit: null,
  maxQuantity: 3,
  availability: 'ok',
  minTier: null,
  ...overrides,
});

function setup(data: CartLineData) {
  const onQuantityChange = jest.fn();
  const onSelectedChange = jest.fn();
  const onRemove = jest.fn();
  render(<CartLine line={data} onQuantityChange={onQuantityChange} onSelectedChange={onSelectedChange} onRemove={onRemove} />);
  return { onQuantityChange, onSelectedChange, onRemove };
}

describe('CartLine', () => {
  it('shows title, specs, unit price and the public price', () => {
    setup(line());
    expect(screen.getByText('每日坚果 25g×30包')).toBeTruthy();
    expect(screen.getByText('25g×30包')).toBeTruthy();
    expect(screen.getByText('¥119.00')).toBeTruthy();
    expect(screen.getByText('¥169.00')).toBeTruthy();
  });

  it('steps the quantity up to the stock, then refuses with a visible message', () => {
    const { onQuantityChange } = setup(line({ quantity: 3 }));
    fireEvent.click(screen.getByLabelText('增加'));
    expect(onQuantityChange).not.toHaveBeenCalled();
    expect(screen.getByText('库存仅剩 3 件')).toBeTruthy();
    fireEvent.click(screen.getByLabelText('减少'));
    expect(onQuantityChange).toHaveBeenCalledWith(expect.objectContaining({ skuId: 11 }), 2);
  });

  it('stops at the purchase limit with its own message', () => {
    const { onQuantityChange } = setup(line({ quantity: 2, stock: 100, purchaseLimit: 2, maxQuantity: 2 }));
    fireEvent.click(screen.getByLabelText('增加'));
    expect(onQuantityChange).not.toHaveBeenCalled();
    expect(screen.getByText('每人限购 2 件')).toBeTruthy();
  });

  it('never goes below one', () => {
    const { onQuantityChange } = setup(line({ quantity: 1 }));
    fireEvent.click(screen.getByLabelText('减少'));
    expect(onQuantityChange).not.toHaveBeenCalled();
    expect(screen.getByText('至少购买 1 件')).toBeTruthy();
  });

  it('tells the shopper to lower a quantity above the stock left', () => {
    setup(line({ quantity: 5, stock: 2, maxQuantity: 2, availability: 'insufficient_stock' }));
    expect(screen.getByText('库存不足，仅剩 2 件，请减少数量')).toBeTruthy();
    expect(screen.getByText('库存不足')).toBeTruthy();
  });

  it('marks a sold-out line, cannot select it, and still lets it be removed', () => {
    const { onSelectedChange, onRemove } = setup(line({ stock: 0, maxQuantity: 0, availability: 'sold_out' }));
    expect(screen.getByText('已售罄')).toBeTruthy();
    expect(screen.queryByLabelText('增加')).toBeNull();
    fireEvent.click(screen.getByRole('checkbox'));
    expect(onSelectedChange).not.toHaveBeenCalled();
    fireEvent.click(screen.getByText('删除'));
    expect(onRemove).toHaveBeenCalled();
  });

  it('greys a line whose SKU needs a higher tier, names the tier, cannot select it, and still lets it be removed', () => {
    const { onSelectedChange, onRemove } = setup(line({ availability: 'tier_required', minTier: 'diamond' }));
    expect(screen.getByText('会员专享')).toBeTruthy();
    expect(screen.getByText('钻石及以上会员专享，当前等级暂不可购买')).toBeTruthy();
    expect(screen.queryByLabelText('增加')).toBeNull();
    fireEvent.click(screen.getByRole('checkbox'));
    expect(onSelectedChange).not.toHaveBeenCalled();
    fireEvent.click(screen.getByText('删除'));
    expect(onRemove).toHaveBeenCalled();
  });

  it('unselects a line', () => {
    const { onSelectedChange } = setup(line());
    fireEvent.click(screen.getByRole('checkbox'));
    expect(onSelectedChange).toHaveBeenCalledWith(expect.objectContaining({ skuId: 11 }), false);
  });
});
