/**
 * Points (积分), pure: how many points a payment earns, what points are worth, how many an order may
 * use, when a lot expires, China-time days for check-in. Points and fen are integers; every division
 * rounds down (the member never gets a fraction of a point or of a fen more than they paid for).
 */
import type { Fen } from '../money';
import type { MembershipSettings } from './schemas';

/** China time is UTC+8 all year (no daylight saving). */
const CHINA_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * Points earned by a payment: whole yuan paid × points per yuan × the tier multiplier (basis points),
 * rounded down once at the end (¥99.99 → 99 yuan; 99 × 1 × 1.5 = 148.5 → 148).
 */
export function pointsForPayment(payableFen: number, pointsPerYuan: number, multiplierBp: number): number {
  if (payableFen <= 0 || pointsPerYuan <= 0) return 0;
  return Math.floor((Math.floor(payableFen / 100) * pointsPerYuan * multiplierBp) / 10_000);
}

/** What `points` are worth in fen when `pointsPerYuanRedeemed` points make ¥1, rounded down (toward 0). */
export function pointsValueFen(points: number, pointsPerYuanRedeemed: number): number {
  const value = Math.floor((Math.abs(points) * 100) / pointsPerYuanRedeemed);
  return points < 0 ? -value : value;
}

/**
 * The smallest number of points worth a whole number of fen: 100 points = ¥1 → 1 (1 point = 1 fen);
 * 1000 points = ¥1 → 10; 30 points = ¥1 → 3 (3 points = 10 fen). Points are used in multiples of it,
 * so the 'points' adjustment is always exact and nothing is lost to rounding.
 */
export function pointsStep(pointsPerYuanRedeemed: number): number {
  return pointsPerYuanRedeemed / gcd(pointsPerYuanRedeemed, 100);
}

/**
 * The most points an order may use, and their value: at most `available`, worth at most
 * `pointsMaxShareBp` of the payable amount (rounded down to the fen), and a multiple of `pointsStep`
 * so the value is exact (never whole-yuan only: 1234 points at 100 = ¥1 are ¥12.34).
 */
export function maxPointsForPayable(
  payableFen: number,
  available: number,
  settings: Pick<MembershipSettings, 'pointsMaxShareBp' | 'pointsPerYuanRedeemed'>,
): { points: number; valueFen: Fen } {
  if (payableFen <= 0 || available <= 0) return { points: 0, valueFen: 0 as Fen };
  const capFen = Math.floor((payableFen * settings.pointsMaxShareBp) / 10_000);
  const capPoints = Math.floor((capFen * settings.pointsPerYuanRedeemed) / 100);
  const step = pointsStep(settings.pointsPerYuanRedeemed);
  const points = Math.floor(Math.min(capPoints, available) / step) * step;
  return { points, valueFen: pointsValueFen(points, settings.pointsPerYuanRedeemed) as Fen };
}

/** The calendar year (China time) of an instant. */
export function chinaYear(at: Date): number {
  return new Date(at.getTime() + CHINA_OFFSET_MS).getUTCFullYear();
}

/**
 * When points earned at `earnedAt` expire: the last millisecond of the calendar year (China time)
 * `years` after the year they were earned in (1: 31 December of the following year, 23:59:59.999).
 * A lot is usable while now < expiresAt.
 */
export function expiryFor(earnedAt: Date, years: number): Date {
  return new Date(Date.UTC(chinaYear(earnedAt) + years + 1, 0, 1) - CHINA_OFFSET_MS - 1);
}

/** The China-time day of an instant, 'YYYY-MM-DD'. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The day before a 'YYYY-MM-DD' day. */
export function previousDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - DAY_MS).toISOString().slice(0, 10);
}

/** The China-time month of an instant, 'YYYY-MM'. */
export function chinaMonth(at: Date): string {
  return chinaDay(at).slice(0, 7);
}

/**
 * The birthday ('MM-DD') celebrated on a China day: the day itself, and on 28 February of a
 * non-leap year also '02-29'.
 */
export function birthdaysCelebratedOn(day: string): string[] {
  const monthDay = day.slice(5);
  const year = Number(day.slice(0, 4));
  const isLeap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return monthDay === '02-28' && !isLeap ? ['02-28', '02-29'] : [monthDay];
}

/** A check-in's streak: one more than yesterday's, else a new streak of 1. */
export function nextCheckinStreak(lastCheckinDay: string | null, streak: number, today: string): number {
  return lastCheckinDay === previousDay(today) ? streak + 1 : 1;
}

/** Points for a check-in that reaches `streak` days: the daily points plus the bonus set for exactly that streak. */
export function checkinPointsFor(streak: number, settings: Pick<MembershipSettings, 'checkinPoints' | 'checkinStreakBonus'>): number {
  return settings.checkinPoints + (settings.checkinStreakBonus[String(streak)] ?? 0);
}
