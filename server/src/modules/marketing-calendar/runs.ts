import type { JourneyTrigger } from '@siyu/shared';

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

type ScheduleTrigger = Extract<JourneyTrigger, { type: 'schedule' }>;

/**
 * The run instants of a schedule trigger inside [from, to): once; every day or every 7 days from startAt; or
 * monthly on startAt's China day-of-month at its China time (months without that day have no run).
 */
export function scheduleRuns(trigger: Pick<ScheduleTrigger, 'startAt' | 'repeat'>, from: Date, to: Date): Date[] {
  const start = new Date(trigger.startAt).getTime();
  if (!Number.isFinite(start)) return [];
  const inRange = (at: number) => at >= start && at >= from.getTime() && at < to.getTime();
  if (trigger.repeat === 'once') return inRange(start) ? [new Date(start)] : [];
  if (trigger.repeat === 'daily' || trigger.repeat === 'weekly') {
    const step = trigger.repeat === 'daily' ? DAY_MS : 7 * DAY_MS;
    const first = Math.max(0, Math.ceil((from.getTime() - start) / step));
    const runs: Date[] = [];
    for (let at = start + first * step; at < to.getTime(); at += step) if (inRange(at)) runs.push(new Date(at));
    return runs;
  }
  // Monthly: walk the China months that [from, to) touches.
  const local = new Date(start + CHINA_OFFSET_MS);
  const dayOfMonth = local.getUTCDate();
  const timeOfDay = start + CHINA_OFFSET_MS - Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  const runs: Date[] = [];
  const fromLocal = new Date(from.getTime() + CHINA_OFFSET_MS);
  for (let y = fromLocal.getUTCFullYear(), m = fromLocal.getUTCMonth(); ; m += 1) {
    const monthStart = Date.UTC(y, m, 1) - CHINA_OFFSET_MS;
    if (monthStart >= to.getTime()) break;
    const candidate = Date.UTC(y, m, dayOfMonth) - CHINA_OFFSET_MS + timeOfDay;
    if (new Date(Date.UTC(y, m, dayOfMonth)).getUTCMonth() === ((m % 12) + 12) % 12 && inRange(candidate)) runs.push(new Date(candidate));
  }
  return runs;
}
