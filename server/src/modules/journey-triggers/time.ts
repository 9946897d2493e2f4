import { sql, type SQL } from 'drizzle-orm';

/** China time (UTC+8, no daylight saving): journeys count days and dates there. */
export const CHINA_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 86_400_000;

/** The China-time calendar date of an instant, `YYYY-MM-DD`. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The China date `days` after the China date of `at`. */
export function chinaDatePlus(at: Date, days: number): string {
  return chinaDate(new Date(at.getTime() + days * DAY_MS));
}

/** The instant China midnight of `YYYY-MM-DD` starts. */
export function chinaMidnight(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - CHINA_OFFSET_MS);
}

/** SQL: the China-time date (`YYYY-MM-DD` text) of a timestamptz column, independent of the session's time zone. */
export function chinaDateSql(column: SQL): SQL {
  return sql`to_char((${column} at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD')`;
}

/** SQL: the China day number (days since 1970-01-01 in China) of a timestamptz column. */
export function chinaDaySql(column: SQL): SQL {
  return sql`floor((extract(epoch from ${column}) + 28800) / 86400)::int`;
}

/** The China day number of an instant. */
export function chinaDay(at: Date): number {
  return Math.floor((at.getTime() + CHINA_OFFSET_MS) / DAY_MS);
}
