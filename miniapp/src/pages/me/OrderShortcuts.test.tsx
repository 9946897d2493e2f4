import { fireEvent, render } from '@testing-library/react';
import { badgeText, OrderShortcuts } from './components/OrderShortcuts';

describe('badgeText', () => {
  it.each([
    [0, null],
    [-1, null],
    [1, '1'],
    [99, '99'],
    [100, '99+'],
  ])('%d → %s', (count, expected) => {
    expect(badgeText(count)).toBe(expected);
  });
});

describe('OrderShortcuts', () => {
  it('puts the server’s counts on 待付款 / 待发货 / 待收货 / 退款 and none on 已完成 or zero', () => {
    const onOpen = jest.fn();
    const { container } = render(<OrderShortcuts counts={{ pendingPayment: 2, toShip: 0, toReceive: 120, refunding: 1 }} onOpen={onOpen} />);
    const entries = Array.from(container.querySelectorAll('.me__entry'));
    const badgeOf = (index: number) => entries[index]?.querySelector('.me__badge')?.textContent ?? null;
    expect(entries.map((entry) => entry.querySelector('.me__entry-name')?.textContent)).toEqual(['待付款', '待发货', '待收货', '已完成', '退款/售后']);
    expect([0, 1, 2, 3, 4].map(badgeOf)).toEqual(['2', null, '99+', null, '1']);
    fireEvent.click(entries[2] as Element);
    expect(onOpen).toHaveBeenCalledWith('shipped');
  });

  it('shows no badge before the counts arrive (or for a guest)', () => {
    const { container } = render(<OrderShortcuts counts={null} onOpen={jest.fn()} />);
    expect(container.querySelectorAll('.me__badge')).toHaveLength(0);
  });
});
