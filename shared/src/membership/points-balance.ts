/**
 * The one definition of a member's points as every page shows them (积分, 积分商城, 我的, checkout, the
 * admin's member view). A lot of earned points is, at an instant `now`:
 * - expired   when expires_at ≤ now (whatever is left is lost; the expiry job empties it),
 * - used      when nothing is left,
 * - pending   (待入账) when available_at > now: earned, not spendable yet,
 * - available (可用) otherwise — the only points checkout and the points mall may spend.
 * Expiring soon (即将过期) is the part of the available or pending points whose lot expires within
 * `EXPIRING_SOON_DAYS`. The member's total (积分总额) is available + pending; the ledger's balance
 * (Σ entries) equals it, less any debt a refund left when the store allows a negative balance.
 */

const DAY_MS = 24 * 3600 * 1000;

/** Points expiring within this many days are shown as 即将过期. */
export const EXPIRING_SOON_DAYS = 30;

export type PointsLotState = 'pending' | 'available' | 'used' | 'expired';

/** What the definition reads of a lot (a row or its view; times as Date or ISO string). */
export interface PointsLotLike {
  remaining: number;
  availableAt: Date | string;
  expiresAt: Date | string;
}

const ms = (at: Date | string): number => (typeof at === 'string' ? Date.parse(at) : at.getTime());

/** The state of one lot at `now` (see the module comment). */
export function pointsLotState(lot: PointsLotLike, now: Date): PointsLotState {
  if (ms(lot.expiresAt) <= now.getTime()) return 'expired';
  if (lot.remaining <= 0) return 'used';
  return ms(lot.availableAt) <= now.getTime() ? 'available' : 'pending';
}

/** True when the lot's points may be spent now. */
export function isSpendableLot(lot: PointsLotLike, now: Date): boolean {
  return pointsLotState(lot, now) === 'available';
}

export interface PointsBalance {
  /** Spendable now. */
  available: number;
  /** Earned, not spendable yet (待入账). */
  pending: number;
  /** available + pending. */
  total: number;
  /** Of `total`, the points whose lot expires within EXPIRING_SOON_DAYS, and the soonest such expiry. */
  expiringSoon: number;
  expiringSoonAt: string | null;
}

/** The member's points from their lots at `now`, by the definition above. */
export function pointsBalanceOf(lots: readonly PointsLotLike[], now: Date): PointsBalance {
  const soon = now.getTime() + EXPIRING_SOON_DAYS * DAY_MS;
  let available = 0;
  let pending = 0;
  let expiringSoon = 0;
  let soonestMs: number | null = null;
  for (const lot of lots) {
    const state = pointsLotState(lot, now);
    if (state === 'available') available += lot.remaining;
    else if (state === 'pending') pending += lot.remaining;
    else continue;
    const expiresMs = ms(lot.expiresAt);
    if (expiresMs <= soon) {
      expiringSoon += lot.remaining;
      soonestMs = soonestMs === null ? expiresMs : Math.min(soonestMs, expiresMs);
    }
  }
  return { available, pending, total: available + pending, expiringSoon, expiringSoonAt: soonestMs === null ? null : new Date(soonestMs).toISOString() };
}
