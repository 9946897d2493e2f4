import type { ErrorCode } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { isApprovedStatus } from '../promotions/approval';
import { findPromoCodeWithSession, type LiveSessionRow, type PromoCodeRow } from './repo';

export type PromoCodeLookup = { codeRow: PromoCodeRow; session: LiveSessionRow } | { error: ErrorCode };

const MINUTE_MS = 60_000;
const CODE_PATTERN = /^[A-Z0-9]{3,20}$/;

/**
 * Finds the promo code a member typed (any case) and checks it may be used at `now`: active,
 * approved, and inside its session's window — from the start until the end plus the code's grace
 * minutes, unless staff ended the session early (then at once). Caps are not checked here: the
 * checkout takes a use with a conditional update inside its transaction. Expected refusals are
 * returned as error codes, never thrown.
 */
export async function findPromoCodeForCheckout(db: Executor, code: string, now: Date): Promise<PromoCodeLookup> {
  const normalized = code.trim().toUpperCase();
  if (!CODE_PATTERN.test(normalized)) return { error: 'PROMO_CODE_INVALID' };
  const found = await findPromoCodeWithSession(db, normalized);
  if (!found) return { error: 'PROMO_CODE_INVALID' };
  const { codeRow, session } = found;
  if (codeRow.status !== 'active') return { error: 'PROMO_CODE_STOPPED' };
  if (!isApprovedStatus(codeRow.approvalStatus)) return { error: 'PROMOTION_NOT_APPROVED' };
  if (session.endedAt !== null) return { error: 'PROMO_CODE_SESSION_ENDED' };
  if (now.getTime() < session.startsAt.getTime()) return { error: 'PROMO_CODE_NOT_STARTED' };
  if (now.getTime() >= session.endsAt.getTime() + codeRow.graceMinutes * MINUTE_MS) return { error: 'PROMO_CODE_SESSION_ENDED' };
  return { codeRow, session };
}
