import { fireEvent, render, screen } from '@testing-library/react';
import { ActionBar } from './ActionBar';

function setup(isSoldOut: boolean, isWatching = false) {
  const handlers = { onHome: jest.fn(), onCart: jest.fn(), onAdd: jest.fn(), onBuy: jest.fn(), onNotify: jest.fn() };
  render(<ActionBar cartCount={0} isSoldOut={isSoldOut} isWatching={isWatching} {...handlers} />);
  return handlers;
}

describe('product ActionBar', () => {
  it('in stock: add to cart and buy now, no 到货提醒', () => {
    const { onAdd, onBuy } = setup(false);
    fireEvent.click(screen.getByText('加入购物车'));
    fireEvent.click(screen.getByText('立即购买'));
    expect([onAdd.mock.calls.length, onBuy.mock.calls.length]).toEqual([1, 1]);
    expect(screen.queryByText('到货提醒')).toBeNull();
  });

  it('sold out: 已售罄 and a 到货提醒 tap (the grant source of the restock scene)', () => {
    const { onNotify, onAdd } = setup(true);
    expect(screen.getByText('已售罄')).toBeTruthy();
    expect(screen.queryByText('加入购物车')).toBeNull();
    fireEvent.click(screen.getByText('到货提醒'));
    expect(onNotify).toHaveBeenCalledTimes(1);
    expect(onAdd).not.toHaveBeenCalled();
  });

  it('sold out and already watching: says so, and the button is disabled', () => {
    setup(true, true);
    expect(screen.queryByText('到货提醒')).toBeNull();
    expect(screen.getByText('已设到货提醒').closest('[disabled]')).not.toBeNull();
  });
});
