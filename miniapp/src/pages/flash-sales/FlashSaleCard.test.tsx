import { act, fireEvent, render, screen } from '@testing-library/react';
import type { FlashSaleView } from '@siyu/shared';
import { clockOffsetMs } from '../../api/promotions';
import { FlashSaleCard } from './components/FlashSaleCard';

jest.mock('../../api/index', () => ({ api: {} }));

/** The phone's clock runs 2 minutes slow: without the server offset the sale would look 2 minutes further away. */
const DEVICE_NOW = Date.parse('2026-11-24T07:58:00.000Z');
const SERVER_NOW = '2026-11-24T08:00:00.000Z';
const plus = (ms: number) => new Date(Date.parse(SERVER_NOW) + ms).toISOString();

const sale = (overrides: Partial<FlashSaleView> = {}): FlashSaleView => ({
  id: 3,
  title: '每日坚果 秒杀',
  skuId: 31,
  productId: 9,
  productTitle: '每日坚果',
  specs: { 规格: '25g×7包' },
  image: null,
  flashPriceFen: 990,
  privatePriceFen: 2990,
  totalUnits: 30,
  soldUnits: 12,
  remainingUnits: 18,
  perMemberLimit: 1,
  startsAt: plus(5_000),
  endsAt: plus(3_600_000),
  status: 'upcoming',
  serverNow: SERVER_NOW,
  ...overrides,
});

function renderCard(input: FlashSaleView) {
  const onGrab = jest.fn();
  const view = render(<FlashSaleCard sale={input} offsetMs={clockOffsetMs(SERVER_NOW, DEVICE_NOW)} onGrab={onGrab} onOpen={jest.fn()} onEnded={jest.fn()} />);
  const button = () => view.container.querySelector('.flash-card__button') as HTMLElement;
  return { ...view, onGrab, button };
}

describe('FlashSaleCard', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    jest.setSystemTime(DEVICE_NOW);
  });
  afterEach(() => jest.useRealTimers());

  it('before the start: 即将开始, disabled, with the countdown; at the start (server clock) it turns into 马上抢', () => {
    const { button, onGrab, container } = renderCard(sale());
    expect(button().textContent).toBe('即将开始');
    expect(button().className).toContain('btn--disabled');
    expect(container.querySelector('[role="timer"]')?.getAttribute('aria-label')).toBe('距开始00:00:05');
    fireEvent.click(button());
    expect(onGrab).not.toHaveBeenCalled();

    act(() => void jest.advanceTimersByTime(5_000));
    expect(button().textContent).toBe('马上抢');
    expect(button().className).toContain('btn--primary');
    expect(screen.getByText('已抢12件')).toBeTruthy();
    fireEvent.click(button());
    expect(onGrab).toHaveBeenCalledWith(expect.objectContaining({ skuId: 31 }));
  });

  it('shows the flash price against 原价', () => {
    renderCard(sale({ status: 'ongoing', startsAt: plus(-60_000) }));
    expect(screen.getByText('¥9.90')).toBeTruthy();
    expect(screen.getByText('原价¥29.90')).toBeTruthy();
  });

  it('names the product, not the campaign (the campaign is only the badge on the picture)', () => {
    const { container } = renderCard(sale({ status: 'ongoing', startsAt: plus(-60_000) }));
    expect(container.querySelector('.flash-card__title')?.textContent).toBe('每日坚果');
    expect(container.querySelector('.flash-card__badge')?.textContent).toBe('每日坚果 秒杀');
  });

  it('sold out: 已抢光, disabled', () => {
    const { button, onGrab } = renderCard(sale({ status: 'sold_out', startsAt: plus(-60_000), soldUnits: 30, remainingUnits: 0 }));
    expect(button().textContent).toBe('已抢光');
    fireEvent.click(button());
    expect(onGrab).not.toHaveBeenCalled();
  });
});
