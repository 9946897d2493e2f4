import type { Fen } from '../money';

/** The shop's business day runs on Beijing time (UTC+8, no daylight saving), whatever the server's zone. */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The Beijing calendar day holding `now`: its date (YYYY-MM-DD) and its instants [from, to). */
export function beijingDay(now: Date): { date: string; from: Date; to: Date } {
  const shifted = now.getTime() + BEIJING_OFFSET_MS;
  const startShifted = shifted - (((shifted % DAY_MS) + DAY_MS) % DAY_MS);
  return {
    date: new Date(startShifted).toISOString().slice(0, 10),
    from: new Date(startShifted - BEIJING_OFFSET_MS),
    to: new Date(startShifted - BEIJING_OFFSET_MS + DAY_MS),
  };
}

/**
 * GET /api/admin/home: the console's 今日 summary. A figure the staff member's role may not see is
 * null (orders and refunds need orders:read, approvals promotions:read).
 */
export interface AdminHomeSummary {
  /** The Beijing business day the "today" figures cover. */
  date: string;
  /** Paid orders not shipped yet (status paid). */
  ordersToShip: number | null;
  /** Refund requests waiting for a decision (status requested). */
  refundsToReview: number | null;
  /** Coupons, store promotions, promo codes and flash sales waiting for an owner's approval. */
  approvalsWaiting: number | null;
  /** Orders paid today (Beijing day) and what they came to: payable amounts, before refunds. */
  paidToday: { orders: number; gmvFen: Fen } | null;
}
