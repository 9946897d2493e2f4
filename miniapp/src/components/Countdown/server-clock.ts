import { useEffect, useState } from 'react';

/**
 * Time on the server's clock, read on this device: device time + the offset measured when an answer
 * carrying `serverNow` arrived (api/promotions.ts). Countdowns and "has it started yet" decisions use
 * this, never the bare phone clock, which may be minutes off.
 */
export function serverNowMs(offsetMs: number, deviceNowMs: number = Date.now()): number {
  return deviceNowMs + offsetMs;
}

/** Milliseconds from `nowMs` until the ISO time `until`, never below 0 (0 for an unreadable time). */
export function msUntil(until: string, nowMs: number): number {
  const target = Date.parse(until);
  return Number.isNaN(target) ? 0 : Math.max(0, target - nowMs);
}

export interface DurationParts {
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** Whole days, hours, minutes and seconds in `ms` (rounded up to the second, so 0.4 s left shows 00:00:01). */
export function durationParts(ms: number): DurationParts {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  return { days: Math.floor(total / 86_400), hours: Math.floor((total % 86_400) / 3600), minutes: Math.floor((total % 3600) / 60), seconds: total % 60 };
}

const two = (value: number) => String(value).padStart(2, '0');

/** "05:09:03", or "2天 05:09:03" from a day on. */
export function formatDuration(ms: number): string {
  const { days, hours, minutes, seconds } = durationParts(ms);
  const clock = `${two(hours)}:${two(minutes)}:${two(seconds)}`;
  return days > 0 ? `${days}天 ${clock}` : clock;
}

/** The server's time now, re-read every `everyMs` (a page's phases flip when a start or end passes). */
export function useServerNow(offsetMs: number, everyMs = 1000): number {
  const [now, setNow] = useState(() => serverNowMs(offsetMs));
  useEffect(() => {
    setNow(serverNowMs(offsetMs));
    const timer = setInterval(() => setNow(serverNowMs(offsetMs)), everyMs);
    return () => clearInterval(timer);
  }, [offsetMs, everyMs]);
  return now;
}
