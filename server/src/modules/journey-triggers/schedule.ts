import { CHINA_OFFSET_MS } from './time';

const DAY_MS = 86_400_000;

/** The run of a monthly schedule `months` after the start, China wall time; the day clamps to the month's last. */
function plusMonths(start: Date, months: number): Date {
  const wall = new Date(start.getTime() + CHINA_OFFSET_MS);
  const year = wall.getUTCFullYear();
  const month = wall.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(wall.getUTCDate(), lastDay);
  const shifted = Date.UTC(year, month, day, wall.getUTCHours(), wall.getUTCMinutes(), wall.getUTCSeconds(), wall.getUTCMilliseconds());
  return new Date(shifted - CHINA_OFFSET_MS);
}

/**
 * The latest run of a schedule trigger at or before `now` (null before the start). A server that was down
 * over several runs catches up the latest one only.
 */
export function latestScheduledRun(startAt: string, repeat: 'once' | 'daily' | 'weekly' | 'monthly', now: Date): Date | null {
  const start = new Date(startAt);
  if (Number.isNaN(start.getTime()) || now.getTime() < start.getTime()) return null;
  const elapsed = now.getTime() - start.getTime();
  switch (repeat) {
    case 'once':
      return start;
    case 'daily':
      return new Date(start.getTime() + Math.floor(elapsed / DAY_MS) * DAY_MS);
    case 'weekly':
      return new Date(start.getTime() + Math.floor(elapsed / (7 * DAY_MS)) * 7 * DAY_MS);
    case 'monthly': {
      const startWall = new Date(start.getTime() + CHINA_OFFSET_MS);
      const nowWall = new Date(now.getTime() + CHINA_OFFSET_MS);
      let months = (nowWall.getUTCFullYear() - startWall.getUTCFullYear()) * 12 + nowWall.getUTCMonth() - startWall.getUTCMonth();
      while (months > 0 && plusMonths(start, months).getTime() > now.getTime()) months -= 1;
      return plusMonths(start, Math.max(0, months));
    }
  }
}
