import { fireEvent, render } from '@testing-library/react';
import { PointsRow } from './components/PointsRow';
import { pointsRowState, type CheckoutPoints } from './points-row';

jest.mock('../../api/index', () => ({ api: {} }));

const points = (overrides: Partial<CheckoutPoints> = {}): CheckoutPoints => ({
  available: 1_250,
  usable: 1_200,
  usableValueFen: 1_200,
  used: 0,
  valueFen: 0,
  pointsPerYuan: 100,
  ...overrides,
});

describe('pointsRowState', () => {
  it.each<[string, Partial<CheckoutPoints>, boolean, { text: string; isOn: boolean; isEnabled: boolean }]>([
    ['off, with points to use', {}, false, { text: '可用 1200 积分抵 ¥12.00', isOn: false, isEnabled: true }],
    ['on, the quote took them', { used: 1_200, valueFen: 1_200 }, true, { text: '已用 1200 积分抵 ¥12.00', isOn: true, isEnabled: true }],
    ['points but none usable on this order', { usable: 0, usableValueFen: 0 }, false, { text: '共 1250 积分，本单暂不可用', isOn: false, isEnabled: false }],
    [
      'on, but nothing could be taken: shown off, can be switched off',
      { usable: 0, usableValueFen: 0 },
      true,
      { text: '共 1250 积分，本单暂不可用', isOn: false, isEnabled: true },
    ],
    ['no points at all', { available: 0, usable: 0, usableValueFen: 0 }, false, { text: '暂无可用积分', isOn: false, isEnabled: false }],
  ])('%s', (_name, overrides, usePoints, expected) => {
    expect(pointsRowState(points(overrides), usePoints)).toMatchObject({ ...expected, rate: '100 积分抵 ¥1' });
  });
});

describe('PointsRow', () => {
  function renderRow(input: CheckoutPoints, usePoints: boolean, isQuoting = false) {
    const onToggle = jest.fn();
    const view = render(<PointsRow points={input} usePoints={usePoints} isQuoting={isQuoting} onToggle={onToggle} />);
    const toggle = () => view.container.querySelector('[role="switch"]') as HTMLElement;
    return { ...view, onToggle, toggle };
  }

  it('offers the points off and switches them on', () => {
    const { toggle, onToggle, container } = renderRow(points(), false);
    expect(container.textContent).toContain('可用 1200 积分抵 ¥12.00');
    expect(toggle().getAttribute('aria-checked')).toBe('false');
    fireEvent.click(toggle());
    expect(onToggle).toHaveBeenCalledWith(true);
  });

  it('shows what the quote took when on, in red, and switches them off', () => {
    const { toggle, onToggle, container } = renderRow(points({ used: 600, valueFen: 600 }), true);
    expect(container.querySelector('.checkout-promo__saving')?.textContent).toBe('已用 600 积分抵 ¥6.00');
    expect(toggle().getAttribute('aria-checked')).toBe('true');
    expect(toggle().className).toContain('checkout-points__switch--on');
    fireEvent.click(toggle());
    expect(onToggle).toHaveBeenCalledWith(false);
  });

  it('follows the request while the quote is on its way and ignores taps meanwhile', () => {
    const { toggle, onToggle } = renderRow(points(), true, true);
    expect(toggle().getAttribute('aria-checked')).toBe('true');
    expect(toggle().getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(toggle());
    expect(onToggle).not.toHaveBeenCalled();
  });

  it('cannot be switched on without usable points', () => {
    const { toggle, onToggle, container } = renderRow(points({ available: 0, usable: 0, usableValueFen: 0 }), false);
    expect(container.textContent).toContain('暂无可用积分');
    expect(toggle().className).toContain('checkout-points__switch--disabled');
    fireEvent.click(toggle());
    expect(onToggle).not.toHaveBeenCalled();
  });
});
