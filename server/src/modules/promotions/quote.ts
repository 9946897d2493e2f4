import type { CheckoutPromotionsView, Quote, QuoteBody } from '@siyu/shared';
import type { ServiceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/errors';
import { hitRateLimit, peekRateLimit, type RateLimitRule } from '../../lib/rate-limit';
import { findMemberById } from '../members';
import { loadCheckoutSkus } from '../orders/repo';
import { priceWithPromotions } from './engine';

/** Wrong promo codes a member (or an IP) may type before being told to wait: codes cannot be enumerated. */
export const CODE_ATTEMPTS_PER_MEMBER: RateLimitRule = { limit: 20, windowSeconds: 600 };
export const CODE_ATTEMPTS_PER_IP: RateLimitRule = { limit: 60, windowSeconds: 600 };

function attemptKeys(sc: ServiceContext, memberId: number): [string, RateLimitRule][] {
  const keys: [string, RateLimitRule][] = [[`promo-code:member:${String(memberId)}`, CODE_ATTEMPTS_PER_MEMBER]];
  if (sc.ip) keys.push([`promo-code:ip:${sc.ip}`, CODE_ATTEMPTS_PER_IP]);
  return keys;
}

/** 429 when this member or IP already typed too many unknown codes (checked before looking the code up). */
export async function assertCodeAttemptsLeft(sc: ServiceContext, memberId: number): Promise<void> {
  for (const [key, rule] of attemptKeys(sc, memberId)) {
    if ((await peekRateLimit(sc.db, key, rule, sc.now)) >= rule.limit)
      throw new AppError('TOO_MANY_ATTEMPTS', undefined, { retryAfterSeconds: rule.windowSeconds });
  }
}

/** Counts one unknown code against the member and the IP. */
export async function countFailedCodeAttempt(sc: ServiceContext, memberId: number): Promise<void> {
  for (const [key, rule] of attemptKeys(sc, memberId)) await hitRateLimit(sc.db, key, rule, sc.now);
}

export type CheckoutQuote = Quote & { promotions: CheckoutPromotionsView };

/** POST /api/checkout/quote: the cart priced with the best promotions, or the member's choices, explained. */
export async function quoteCheckout(sc: ServiceContext, deps: AppDeps, memberId: number, body: QuoteBody): Promise<CheckoutQuote> {
  if (body.promoCode) await assertCodeAttemptsLeft(sc, memberId);
  const member = await findMemberById(sc.db, memberId);
  if (!member) throw new AppError('MEMBER_NOT_FOUND');
  const skus = await loadCheckoutSkus(
    sc.db,
    body.lines.map((line) => line.skuId),
  );
  const priced = await priceWithPromotions(sc.db, {
    memberId,
    tierCode: member.tierCode,
    lines: body.lines,
    skus,
    commerce: deps.config.commerce,
    choices: { couponId: body.couponId, shippingCouponId: body.shippingCouponId, promoCode: body.promoCode, usePoints: body.usePoints },
    now: sc.now,
  });
  if (priced.promoCodeError === 'PROMO_CODE_INVALID') await countFailedCodeAttempt(sc, memberId);
  return { ...priced.quote, promotions: priced.promotions };
}
