import { act, render } from '@testing-library/react';
import { clockOffsetMs } from '../../api/promotions';
import { Countdown } from './index';
import { durationParts, formatDuration, msUntil, serverNowMs } from './server-clock';

jest.mock('../../api/index', () => ({ api: {} }));

/** The phone's clock in these tests: 10:00:00 UTC, 10 minutes FAST compared with the server. */
const DEVICE_NOW = Date.parse('2026-11-24T10:00:00.000Z');
const SERVER_NOW = '2026-11-24T09:50:00.000Z';
const at = (serverIso: string, plusMs: number) => new Date(Date.parse(serverIso) + plusMs).toISOString();

const digits = (container: HTMLElement) => container.querySelector('[role="timer"]')?.getAttribute('aria-label');

describe('server clock', () => {
  it('measures the offset of the server clock when the answer arrives', () => {
    expect(clockOffsetMs(SERVER_NOW, DEVICE_NOW)).toBe(-600_000);
    expect(serverNowMs(-600_000, DEVICE_NOW)).toBe(Date.parse(SERVER_NOW));
    expect(clockOffsetMs('not a time', DEVICE_NOW)).toBe(0);
  });

  it.each([
    [0, '00:00:00'],
    [400, '00:00:01'],
    [59_000, '00:00:59'],
    [3_600_000 + 61_000, '01:01:01'],
    [86_400_000 * 2 + 5_000, '2天 00:00:05'],
  ])('formats %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('never counts below zero', () => {
    expect(msUntil('2026-11-24T09:00:00.000Z', Date.parse(SERVER_NOW))).toBe(0);
    expect(durationParts(-5)).toEqual({ days: 0, hours: 0, minutes: 0, seconds: 0 });
  });
});

describe('Countdown', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    jest.setSystemTime(DEVICE_NOW);
  });
  afterEach(() => jest.useRealTimers());

  it("counts on the server's clock, not the phone's (a phone 10 minutes fast still sees 1:30 to go)", () => {
    const offset = clockOffsetMs(SERVER_NOW, DEVICE_NOW);
    const { container } = render(<Countdown until={at(SERVER_NOW, 90_000)} offsetMs={offset} label='距开始' />);
    expect(digits(container)).toBe('距开始00:01:30');
    expect(container.querySelectorAll('.countdown__block')).toHaveLength(3);
    // With the bare phone clock the sale would look like it started 8.5 minutes ago.
    expect(msUntil(at(SERVER_NOW, 90_000), DEVICE_NOW)).toBe(0);
  });

  it('ticks once a second and calls onEnd exactly once when it reaches zero', () => {
    const onEnd = jest.fn();
    const offset = clockOffsetMs(SERVER_NOW, DEVICE_NOW);
    const { container } = render(<Countdown until={at(SERVER_NOW, 3_000)} offsetMs={offset} onEnd={onEnd} variant='text' />);
    expect(container.textContent).toBe('00:00:03');
    act(() => void jest.advanceTimersByTime(1_000));
    expect(container.textContent).toBe('00:00:02');
    act(() => void jest.advanceTimersByTime(1_000));
    expect(onEnd).not.toHaveBeenCalled();
    act(() => void jest.advanceTimersByTime(1_000));
    expect(container.textContent).toBe('00:00:00');
    expect(onEnd).toHaveBeenCalledTimes(1);
    act(() => void jest.advanceTimersByTime(10_000));
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it('does not call onEnd for a time already past when shown (no reload loops)', () => {
    const onEnd = jest.fn();
    const { container } = render(<Countdown until={at(SERVER_NOW, -1_000)} offsetMs={clockOffsetMs(SERVER_NOW, DEVICE_NOW)} onEnd={onEnd} />);
    expect(digits(container)).toBe('00:00:00');
    act(() => void jest.advanceTimersByTime(5_000));
    expect(onEnd).not.toHaveBeenCalled();
  });

  it('shows days for long waits and restarts when the target changes', () => {
    const offset = clockOffsetMs(SERVER_NOW, DEVICE_NOW);
    const { container, rerender } = render(<Countdown until={at(SERVER_NOW, 86_400_000 + 3_600_000)} offsetMs={offset} />);
    expect(container.querySelector('.countdown__days')?.textContent).toBe('1天');
    rerender(<Countdown until={at(SERVER_NOW, 65_000)} offsetMs={offset} />);
    expect(digits(container)).toBe('00:01:05');
  });
});
