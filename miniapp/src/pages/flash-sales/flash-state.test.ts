import type { FlashSaleView } from '@siyu/shared';
import { flashButton, flashPhase, soldPercent, startTimeText } from './flash-state';

const START = '2026-11-24T08:00:00.000Z';
const END = '2026-11-24T10:00:00.000Z';
const sale = (overrides: Partial<FlashSaleView> = {}) => ({
  startsAt: START,
  endsAt: END,
  status: 'upcoming' as FlashSaleView['status'],
  remainingUnits: 10,
  ...overrides,
});
const ms = (iso: string, plus = 0) => Date.parse(iso) + plus;

describe('flash sale button by time', () => {
  it.each([
    ['a second before the start', sale(), ms(START, -1_000), 'upcoming', '即将开始', false],
    ['at the start (the server still said upcoming)', sale(), ms(START), 'ongoing', '马上抢', true],
    ['during the sale', sale({ status: 'ongoing' }), ms(START, 60_000), 'ongoing', '马上抢', true],
    ['sold out during the sale', sale({ status: 'sold_out', remainingUnits: 0 }), ms(START, 60_000), 'sold_out', '已抢光', false],
    ['no units left although the status lags', sale({ status: 'ongoing', remainingUnits: 0 }), ms(START, 60_000), 'sold_out', '已抢光', false],
    ['at the end', sale({ status: 'ongoing' }), ms(END), 'ended', '已结束', false],
    ['stopped by staff', sale({ status: 'stopped' }), ms(START, 60_000), 'ended', '已结束', false],
    ['waiting for approval, even after its start time', sale({ status: 'pending_approval' }), ms(START, 60_000), 'upcoming', '即将开始', false],
  ] as const)('%s', (_name, input, now, phase, label, isEnabled) => {
    expect(flashPhase(input, now)).toBe(phase);
    expect(flashButton(flashPhase(input, now))).toEqual({ label, isEnabled });
  });

  it('shows the sold share as a whole percentage', () => {
    expect(soldPercent({ soldUnits: 0, totalUnits: 30 })).toBe(0);
    expect(soldPercent({ soldUnits: 2, totalUnits: 3 })).toBe(66);
    expect(soldPercent({ soldUnits: 30, totalUnits: 30 })).toBe(100);
  });

  it('writes the start time in Beijing time', () => {
    expect(startTimeText(START)).toBe('11月24日 16:00');
    expect(startTimeText('2026-12-31T16:30:00.000Z')).toBe('1月1日 00:30');
  });
});
